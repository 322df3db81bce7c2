%% The Erlang side of bench/Midflight.Benchmarks/ErlangComparison.cs: a gen_server holding a map of
%% N integer entries, whose code is changed in place with sys:suspend, sys:change_code, sys:resume.
-module(keeper).
-behaviour(gen_server).
-export([start/1, init/1, handle_call/3, handle_cast/2, handle_info/2, code_change/3]).

start(N) -> gen_server:start(?MODULE, N, []).

init(N) -> {ok, maps:from_list([{I, I} || I <- lists:seq(1, N)])}.

handle_call(size, _From, State) -> {reply, maps:size(State), State}.

handle_cast(_, State) -> {noreply, State}.

handle_info(_, State) -> {noreply, State}.

%% Extra = keep: the state as it was (the usual upgrade); visit: every entry rebuilt, as a state
%% carried into a new version's shape is.
code_change(_OldVsn, State, keep) -> {ok, State};
code_change(_OldVsn, State, visit) -> {ok, maps:map(fun(_, V) -> V end, State)}.
