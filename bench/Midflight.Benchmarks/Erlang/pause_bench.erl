%% Measures the pause of a code change of keeper: from sys:suspend to the end of sys:resume, the time
%% the process serves nothing. The new code is loaded before the pause, as a release upgrade loads it.
%% erl -noshell -pa DIR -run pause_bench run ENTRIES CHANGES keep|visit -s init stop
-module(pause_bench).
-export([run/1]).

run([Entries, Changes, Extra]) ->
    {ok, Pid} = keeper:start(list_to_integer(Entries)),
    Pauses = [change(Pid, list_to_atom(Extra)) || _ <- lists:seq(1, list_to_integer(Changes))],
    Size = gen_server:call(Pid, size),
    io:format("entries ~w~npauses_us ~s~n", [Size, lists:join(" ", [integer_to_list(P) || P <- Pauses])]).

change(Pid, Extra) ->
    code:soft_purge(keeper),
    {module, keeper} = code:load_file(keeper),
    Start = erlang:monotonic_time(microsecond),
    ok = sys:suspend(Pid),
    ok = sys:change_code(Pid, keeper, undefined, Extra),
    ok = sys:resume(Pid),
    erlang:monotonic_time(microsecond) - Start.
