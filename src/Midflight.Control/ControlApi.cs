using System.Collections.Immutable;
using System.Net.ServerSentEvents;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Control;

/// <summary>
/// A node's control API: HTTP with JSON, under whatever path the pipeline gives it. Every request must
/// carry the node's bearer token (in <see cref="ControlFiles.TokenFile"/>, readable only by the node's
/// user); one without it, or with another, is refused with 401 and logged. Served by a
/// <see cref="ControlEndpoint"/> of its own, or in an application's own pipeline.
/// </summary>
public static partial class ControlApi
{
    /// <summary>
    /// Serves the control API from <paramref name="app"/>: the rest of the pipeline is its routes. Until
    /// <paramref name="access"/> gives a running node, every request is answered 503. With
    /// <paramref name="prometheus"/>, <c>GET /v1/metrics</c> is the node's meter for a Prometheus
    /// scraper, from the OpenTelemetry Prometheus exporter the application's services must have.
    /// </summary>
    public static IApplicationBuilder UseControlApi(this IApplicationBuilder app, Func<ControlAccess?> access, ILoggerFactory loggerFactory, ScriptLimits? scripts = null, bool prometheus = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<ControlEndpoint>();
        var tickets = new DashboardTickets(TimeProvider.System);
        DashboardPage.Map(app, tickets, logger);
        app.Use(async (context, next) =>
        {
            if (access() is not { } running)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(new { error = "the node is not running: it is starting or has stopped" }, context.RequestAborted).ConfigureAwait(false);
                return;
            }
            var (caller, why) = Caller(context.Request, running, logger);
            if (caller is null)
            {
                LogRefused(logger, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString() ?? "?", why!);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsJsonAsync(new { error = why }, context.RequestAborted).ConfigureAwait(false);
                return;
            }
            context.Features.Set(running);
            context.Features.Set(caller);
            await next(context).ConfigureAwait(false);
        });
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever a route did not expect, its caller gets a reason, and the node's log the whole of it.
            catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogFailed(logger, exception, context.Request.Method, context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(new { error = $"the node failed to answer: {exception.GetType().Name}: {exception.Message} (its log has the whole of it)" }, context.RequestAborted).ConfigureAwait(false);
            }
        });
        // Routes of their own, so that the API can sit in a branch of an application's pipeline.
        app.UseRouting();
        // Once the route is known: what it asks of the token, and of which instance.
        app.Use(async (context, next) =>
        {
            var right = context.GetEndpoint()?.Metadata.GetMetadata<RequiredRight>()?.Right ?? ControlRight.Read;
            var instance = context.Request.RouteValues.GetValueOrDefault("instance") as string;
            if (context.Features.GetRequiredFeature<ControlGrant>().Refusal(right, instance) is { } refusal)
            {
                LogForbidden(logger, context.Request.Method, context.Request.Path, context.Features.GetRequiredFeature<ControlGrant>().Name, refusal);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new { error = refusal }, context.RequestAborted).ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });
        // A live stream ends as the application stops, or it would hold the host's shutdown up.
        var stopping = app.ApplicationServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        app.UseEndpoints(endpoints =>
        {
            MapApi(endpoints);
            MapDashboard(endpoints, tickets, stopping);
            MapScripts(endpoints, scripts ?? new ScriptLimits());
            if (prometheus)
            {
                // Read right, as the status: a scraper's token may be read-only.
                endpoints.MapPrometheusScrapingEndpoint("/v1/metrics");
            }
        });
        return app;
    }

    /// <summary>The node the request was let through to.</summary>
    private static Node NodeOf(HttpContext context) => context.Features.GetRequiredFeature<ControlAccess>().Node;

    /// <summary>
    /// Who asks: the node's own token (every right), or a token of the node's grants; or, if neither,
    /// why the request is refused. Tokens are compared in constant time, so that the answer's timing
    /// says nothing about how much of a guess was right.
    /// </summary>
    private static (ControlGrant? Caller, string? Refusal) Caller(HttpRequest request, ControlAccess access, ILogger logger)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return (null, "missing bearer token: send 'Authorization: Bearer <token>' with the token from the node's .token file");
        }
        if (PresentedToken(request) is not { } presented)
        {
            return (null, "the Authorization header is not a bearer token");
        }
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), access.Token))
        {
            return (ControlGrant.OwnerGrant, null);
        }
        try
        {
            var grants = access.Files is { } files ? ControlGrants.Read(files) : [];
            return ControlGrants.Find(grants, presented) is { } grant ? (grant, null) : (null, "wrong bearer token");
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            // Only the node's own token gets in until its owner mends the file; what is wrong is for them, not the caller.
            LogGrantsUnreadable(logger, exception.Message);
            return (null, "wrong bearer token (the node's grants cannot be read; the node's owner is told why in its log)");
        }
    }

    /// <summary>The bearer token of the request's Authorization header; null if it has none.</summary>
    private static string? PresentedToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;

    /// <summary>Who a change is recorded as asked for by, in the event log: the node's user, and the token's name unless it is the node's own.</summary>
    private static string RequestedBy(HttpContext context) =>
        context.Features.Get<ControlGrant>() is { Name: not ControlGrant.Owner } grant
            ? $"control endpoint, token '{grant.Name}' ({Environment.UserName})"
            : $"control endpoint ({Environment.UserName})";

    /// <summary>Endpoint metadata: what a route asks of the request's token.</summary>
    private sealed record RequiredRight(ControlRight Right);

    private static void MapApi(IEndpointRouteBuilder app)
    {
        // Every route of one instance asks for the right to change it; status, for the right to read.
        var change = app.MapGroup("").WithMetadata(new RequiredRight(ControlRight.Change));
        app.MapGet("/v1/status", (HttpContext context) => StatusView.Of(NodeOf(context).Status));
        change.MapGet("/v1/state/{instance}", async (string instance, HttpContext context) =>
        {
            if (UnknownInstance(NodeOf(context), instance) is { } unknown)
            {
                return unknown;
            }
            try
            {
                return SnapshotAnswer.Of(await NodeOf(context).CaptureStateAsync(instance, context.RequestAborted).ConfigureAwait(false), context);
            }
            catch (ReconfigurationException exception)
            {
                return Results.Conflict(new { error = exception.Message });
            }
        });
        // The built-in changes of one instance; each but replicate is one transaction.
        // Replace and update name an instance or a group, whose members switch in one transaction.
        change.MapPost("/v1/replace/{instance}", (string instance, string? timeoutMs, string? whenIdle, HttpContext context) =>
            Change(NodeOf(context), instance, timeoutMs, whenIdle, context, status => GroupNamed(status, instance) is { } group
                ? Scripts.ReplaceGroup(status, group)
                : Scripts.Replace(status, instance), orGroup: true));
        change.MapPost("/v1/move/{instance}", (string instance, string machine, string? timeoutMs, string? whenIdle, HttpContext context) =>
            Change(NodeOf(context), instance, timeoutMs, whenIdle, context, status => Scripts.Move(status, instance, machine)));
        change.MapPost("/v1/remove/{instance}", (string instance, bool? force, string? timeoutMs, string? whenIdle, HttpContext context) =>
            Change(NodeOf(context), instance, timeoutMs, whenIdle, context, status => Scripts.Remove(status, instance, force ?? false)));
        change.MapPost("/v1/update/{instance}", (string instance, [FromQuery] string[] with, bool? drain, string? timeoutMs, string? whenIdle, HttpContext context) =>
            Change(NodeOf(context), instance, timeoutMs, whenIdle, context, status => GroupNamed(status, instance) is { } group
                ? drain == true
                    ? throw new ArgumentException($"'{instance}' is a group, whose members switch together at their points; drain=true drains one instance")
                    : Scripts.UpdateGroup(status, group, MemberSources(status, group, with))
                : drain == true
                    ? Scripts.UpdateDraining(status, instance, SourceOf(status, instance, OneVersion(instance, with)))
                    : Scripts.Update(status, instance, SourceOf(status, instance, OneVersion(instance, with))), orGroup: true));
        // What an instance takes, writes and prints for a while, after its snapshot: a rehearsal's input.
        change.MapPost("/v1/record/{instance}", async (string instance, string lengthMs, HttpContext context) =>
        {
            var node = NodeOf(context);
            if (UnknownInstance(node, instance) is { } unknown)
            {
                return unknown;
            }
            if (Milliseconds(lengthMs, "lengthMs", LongestRecording, out var length) is { } refused)
            {
                return refused;
            }
            try
            {
                return RecordingAnswer.Of(await node.RecordMessagesAsync(instance, length, context.RequestAborted).ConfigureAwait(false), context);
            }
            catch (ReconfigurationException exception)
            {
                return Results.Conflict(new { error = exception.Message });
            }
        });
        // A rehearsal of an update on a copy of the live state, on messages recorded now or sent with it: the application is untouched.
        change.MapPost("/v1/rehearse/{instance}", async (string instance, string? with, string? procedures, string? source, string? whenIdle, bool? atomic, bool? whileActive, string? recordMs, HttpContext context) =>
        {
            var node = NodeOf(context);
            if (UnknownInstance(node, instance) is { } unknown)
            {
                return unknown;
            }
            if ((with is null) == (procedures is null))
            {
                return Results.BadRequest(new { error = "a rehearsal is of a module update (with=PATH) or of a procedure update (procedures=P,Q), one of the two" });
            }
            try
            {
                var version = with is null ? null : SourceOf(node.Status, instance, with);
                var sent = await RecordingAnswer.ReadAsync(context.Request, instance, node.Status[instance].Spec, context.RequestAborted).ConfigureAwait(false);
                if (recordMs is not null && sent is not null)
                {
                    return Results.BadRequest(new { error = "a rehearsal runs on the messages sent with it or on messages it records (recordMs), not both" });
                }
                var length = TimeSpan.Zero;
                if (recordMs is not null && Milliseconds(recordMs, "recordMs", LongestRecording, out length) is { } refused)
                {
                    return refused;
                }
                var recording = recordMs is null ? sent : await node.RecordMessagesAsync(instance, length, context.RequestAborted).ConfigureAwait(false);
                return Results.Ok(version is not null
                    ? await node.RehearseAsync(instance, version, recording, context.RequestAborted).ConfigureAwait(false)
                    : await node.RehearseProceduresAsync(instance, ProcedureUpdate(procedures, source, whenIdle, atomic, whileActive), recording, context.RequestAborted).ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is ArgumentException or RecordingFormatException or State.SnapshotFormatException)
            {
                return Results.BadRequest(new { error = exception.Message });
            }
            catch (ReconfigurationException exception)
            {
                return Results.Conflict(new { error = exception.Message });
            }
        });
        change.MapPost("/v1/procedures/{instance}", async (string instance, string? procedures, string? source, string? timeoutMs, string? whenIdle, bool? plan, bool? atomic, bool? whileActive, HttpContext context) =>
        {
            if (UnknownInstance(NodeOf(context), instance) is { } unknown)
            {
                return unknown;
            }
            if (timeoutMs is not null && !double.TryParse(timeoutMs, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return Results.BadRequest(new { error = $"timeoutMs must be a number of milliseconds, not '{timeoutMs}'" });
            }
            var options = ProcedureUpdate(procedures, source, whenIdle, atomic, whileActive) with { PlanOnly = plan ?? false, RequestedBy = RequestedBy(context) };
            if (timeoutMs is not null)
            {
                options = options with { Timeout = TimeSpan.FromMilliseconds(Math.Clamp(double.Parse(timeoutMs, System.Globalization.CultureInfo.InvariantCulture), 1, Reconfiguration.LongestTimeout.TotalMilliseconds)) };
            }
            try
            {
                return Results.Ok(ProcedureUpdateView.Of(await NodeOf(context).UpdateProceduresAsync(instance, options, context.RequestAborted).ConfigureAwait(false)));
            }
            catch (ReconfigurationException exception)
            {
                return Results.Conflict(new { error = exception.Message });
            }
        });
        change.MapPost("/v1/replicate/{instance}", (string instance, string? with, string? timeoutMs, string? whenIdle, HttpContext context) =>
            Carry(NodeOf(context), instance, timeoutMs, whenIdle, context, (status, terms) =>
            {
                var version = with is null ? null : SourceOf(status, instance, with);
                return (() => NodeOf(context).ReplicateAsync(instance, version, terms, context.RequestAborted), 0, null);
            }));
        change.MapPost("/v1/rollback/{instance}", async (string instance, bool? fromSnapshot, HttpContext context) =>
        {
            var node = NodeOf(context);
            if (UnknownInstance(node, instance) is { } unknown)
            {
                return unknown;
            }
            if (!IsDryRun(context))
            {
                return await Outcome(() => node.RollbackAsync(instance, RequestedBy(context), fromSnapshot ?? false, context.RequestAborted), 0).ConfigureAwait(false);
            }
            try
            {
                return await DryRun(node, node.PlanRollback(instance, fromSnapshot ?? false) with { RequestedBy = RequestedBy(context) }, context).ConfigureAwait(false);
            }
            catch (ReconfigurationException exception)
            {
                return Results.Conflict(ReconfigurationView.Refused(exception.Message));
            }
        });
    }

    /// <summary>How many past reconfigurations <c>/v1/events</c> sends before the live ones, unless asked for another number.</summary>
    private const int EventHistory = 50;

    /// <summary>What the dashboard asks of the API besides the status: the live timeline, and a ticket for the page.</summary>
    private static void MapDashboard(IEndpointRouteBuilder app, DashboardTickets tickets, CancellationToken stopping)
    {
        app.MapGet("/v1/events", async (string? history, HttpContext context) =>
        {
            var count = EventHistory;
            if (history is not null && (!int.TryParse(history, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count > Node.MemoryEventLogCapacity))
            {
                return Results.BadRequest(new { error = $"history must be a whole number from 0 to {Node.MemoryEventLogCapacity}, not '{history}'" });
            }
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-store";
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            // Watching before the headers go, and the headers at once: a watcher knows it is connected
            // before the next change, even on a quiet node, and that change is on its stream.
            var entries = NodeOf(context).WatchReconfigurationsAsync(count, either.Token);
            try
            {
                await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await SseFormatter.WriteAsync(Watched(entries, either.Token), context.Response.Body, static (item, buffer) =>
                {
                    using var json = new Utf8JsonWriter(buffer);
                    JsonSerializer.Serialize(json, item.Data, JsonSerializerOptions.Web);
                }, context.RequestAborted).ConfigureAwait(false);
            }
            finally
            {
                // Ends the watch even if the stream never began (the client went away first).
                await either.CancelAsync().ConfigureAwait(false);
            }
            return Results.Empty;
        });
        // The ticket stands for the token that asked for it, with that token's rights and no more.
        app.MapPost("/v1/dashboard/tickets", (HttpContext context) =>
            Results.Ok(new { ticket = tickets.Issue(PresentedToken(context.Request)!), expiresInSeconds = DashboardTickets.Lifetime.TotalSeconds }));
    }

    private static async IAsyncEnumerable<SseItem<ReconfigurationEventView>> Watched(IAsyncEnumerable<ReconfigurationEvent> entries, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken either)
    {
        await using var watching = entries.WithCancellation(either).ConfigureAwait(false).GetAsyncEnumerator();
        while (true)
        {
            try
            {
                if (!await watching.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (OperationCanceledException) when (either.IsCancellationRequested)
            {
                yield break; // the page went away, or the node stops: the stream ends cleanly
            }
            yield return new SseItem<ReconfigurationEventView>(ReconfigurationEventView.Of(watching.Current), "reconfiguration");
        }
    }

    /// <summary>A procedure update as a request's query gives it.</summary>
    private static Runtime.Procedures.ProcedureUpdateOptions ProcedureUpdate(string? procedures, string? source, string? whenIdle, bool? atomic, bool? whileActive)
    {
        static string[] List(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Runtime.Procedures.ProcedureUpdateOptions
        {
            Procedures = List(procedures),
            Source = source,
            WhenIdle = List(whenIdle),
            Atomic = atomic ?? false,
            WhileActive = whileActive ?? false,
        };
    }

    /// <summary>The version <c>with=PATH</c> names: the running module class in it, or with <c>PATH#Class</c> another.</summary>
    private static ModuleSource SourceOf(ApplicationStatus status, string instance, string with)
    {
        var text = with.Contains(ModuleSource.Separator, StringComparison.Ordinal) ? with : $"{with}{ModuleSource.Separator}{status[instance].Spec.Source.TypeName}";
        return ModuleSource.TryParse(text, out var problem) ?? throw new ArgumentException($"'{with}' is no module source: {problem}");
    }

    private static Task<IResult> Change(Node node, string instance, string? timeoutMs, string? whenIdle, HttpContext context, Func<ApplicationStatus, Reconfiguration> plan,
        bool orGroup = false) =>
        Carry(node, instance, timeoutMs, whenIdle, context, (status, terms) =>
        {
            var reconfiguration = terms(plan(status));
            return (() => node.ReconfigureAsync(reconfiguration, context.RequestAborted), reconfiguration.Steps.Length, reconfiguration);
        }, orGroup);

    private static GroupSpec? GroupNamed(ApplicationStatus status, string name) => status.Groups.FirstOrDefault(g => g.Name == name);

    /// <summary>The one version an update of an instance takes.</summary>
    private static string OneVersion(string instance, string[] with) => with switch
    {
        [var version] => version,
        [] => throw new ArgumentException($"an update of '{instance}' needs its new version: with=PATH"),
        _ => throw new ArgumentException($"'{instance}' is an instance, and an update gives it one version, not {with.Length}"),
    };

    /// <summary>The versions of an update of a group: each <c>MEMBER=PATH</c>, for members of the group, each at most once.</summary>
    private static Dictionary<string, ModuleSource> MemberSources(ApplicationStatus status, GroupSpec group, string[] with)
    {
        if (with.Length == 0)
        {
            throw new ArgumentException($"an update of group '{group.Name}' needs a new version for one member at least: with=MEMBER=PATH");
        }
        var sources = new Dictionary<string, ModuleSource>(StringComparer.Ordinal);
        foreach (var version in with)
        {
            var separator = version.IndexOf('=', StringComparison.Ordinal);
            var member = separator < 0 ? "" : version[..separator];
            if (!group.Members.Contains(member))
            {
                throw new ArgumentException(separator < 0
                    ? $"'{group.Name}' is a group: name the member each version is for, as with={group.Members[0]}=PATH"
                    : $"'{member}' is not a member of group '{group.Name}' (its members: {string.Join(", ", group.Members)})");
            }
            if (!sources.TryAdd(member, SourceOf(status, member, version[(separator + 1)..])))
            {
                throw new ArgumentException($"member '{member}' of group '{group.Name}' is given two versions");
            }
        }
        return sources;
    }

    /// <summary>
    /// Carries out a change of one instance, planned by <paramref name="start"/> on one view of the
    /// application (the status is built anew on each read) with the request's terms — who asks, the
    /// timeout, what must be idle — applied to each transaction. A plan that cannot be made is a bad request.
    /// </summary>
    private static async Task<IResult> Carry(Node node, string instance, string? timeoutMs, string? whenIdle, HttpContext context,
        Func<ApplicationStatus, Func<Reconfiguration, Reconfiguration>, (Func<Task<ReconfigurationResult>> Run, int Steps, Reconfiguration? Plan)> start,
        bool orGroup = false)
    {
        var status = node.Status;
        if (!(orGroup && GroupNamed(status, instance) is not null) && UnknownInstance(node, instance) is { } unknown)
        {
            return unknown;
        }
        TimeSpan? timeout = null;
        if (timeoutMs is not null)
        {
            if (Milliseconds(timeoutMs, "timeoutMs", Reconfiguration.LongestTimeout, out var milliseconds) is { } refused)
            {
                return refused;
            }
            timeout = milliseconds;
        }
        TimeSpan? budget = null;
        if (context.Request.Query["pauseBudgetMs"].ToString() is { Length: > 0 } budgetMs)
        {
            if (Milliseconds(budgetMs, "pauseBudgetMs", Reconfiguration.LongestTimeout, out var milliseconds) is { } refused)
            {
                return refused;
            }
            budget = milliseconds;
        }
        ImmutableArray<string> idle = [.. (whenIdle ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        Reconfiguration Terms(Reconfiguration plan) => plan with { RequestedBy = RequestedBy(context), Timeout = timeout, PauseBudget = budget, WhenIdle = idle };
        (Func<Task<ReconfigurationResult>> Run, int Steps, Reconfiguration? Plan) change;
        try
        {
            change = start(status, Terms);
        }
        catch (ArgumentException exception)
        {
            return Results.BadRequest(new { error = exception.Message });
        }
        catch (ReconfigurationException exception)
        {
            return Results.Conflict(ReconfigurationView.Refused(exception.Message));
        }
        if (IsDryRun(context))
        {
            return change.Plan is { } plan
                ? await DryRun(node, plan, context).ConfigureAwait(false)
                : Results.BadRequest(ReconfigurationView.Refused("this change is several transactions, and has no dry run"));
        }
        return await Outcome(change.Run, change.Steps).ConfigureAwait(false);
    }

    /// <summary>The longest a recording may run: the request that asks for it waits that long.</summary>
    private static readonly TimeSpan LongestRecording = TimeSpan.FromHours(1);

    /// <summary>A duration given in milliseconds, in <c>(0, longest]</c>; or, if the text is not one, the bad request that says so.</summary>
    private static IResult? Milliseconds(string text, string name, TimeSpan longest, out TimeSpan duration)
    {
        // Checked before it becomes a TimeSpan, which NaN, infinities and huge numbers cannot.
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds)
            || !double.IsFinite(milliseconds) || milliseconds <= 0 || milliseconds > longest.TotalMilliseconds)
        {
            duration = default;
            return Results.BadRequest(new { error = $"{name} must be a number of milliseconds above 0 and at most {longest.TotalMilliseconds:0}, not '{text}'" });
        }
        duration = TimeSpan.FromMilliseconds(milliseconds);
        return null;
    }

    /// <summary>Every route answers 404 for an instance the application does not have.</summary>
    private static IResult? UnknownInstance(Node node, string instance) =>
        node.Status.Instances.Any(i => i.Name == instance) ? null : Results.NotFound(new { error = $"there is no instance '{instance}'" });

    /// <summary>Whether the request asks for a dry run (<c>plan=true</c>): the steps and checks, nothing done.</summary>
    private static bool IsDryRun(HttpContext context) =>
        bool.TryParse(context.Request.Query["plan"], out var plan) && plan;

    private static async Task<IResult> DryRun(Node node, Reconfiguration reconfiguration, HttpContext context, string? output = null)
    {
        try
        {
            var plan = await node.DryRunAsync(reconfiguration, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(ReconfigurationView.Planned(plan) with { Output = output });
        }
        catch (ReconfigurationException exception)
        {
            return Results.Conflict(ReconfigurationView.Refused(exception.Message, reconfiguration.Steps.Length) with { Output = output });
        }
    }

    private static async Task<IResult> Outcome(Func<Task<ReconfigurationResult>> reconfigure, int steps, string? output = null)
    {
        try
        {
            var result = await reconfigure().ConfigureAwait(false);
            return Results.Ok(ReconfigurationView.Of(result) with { Output = output });
        }
        catch (ReconfigurationException exception)
        {
            return Results.Conflict(ReconfigurationView.Refused(exception.Message, steps) with { Output = output });
        }
    }

    /// <summary>A script plans in a process of its own (<see cref="ScriptRunner"/>); what it prints comes back in the answer.</summary>
    private static void MapScripts(IEndpointRouteBuilder app, ScriptLimits limits) =>
        app.MapGroup("").WithMetadata(new RequiredRight(ControlRight.Script)).MapPost("/v1/script", async (ScriptRequest request, HttpContext context) =>
        {
            PlannedScript planned;
            try
            {
                planned = await ScriptRunner.PlanAsync(NodeOf(context).Status, request.Name, request.Code, request.Args ?? new Dictionary<string, string>(), limits, context.RequestAborted)
                    .ConfigureAwait(false);
            }
            catch (ScriptException exception)
            {
                return Results.BadRequest(ReconfigurationView.Refused(exception.Message) with { Output = exception.Output });
            }
            var plan = planned.Plan with { RequestedBy = $"script through the {RequestedBy(context)}" };
            if (IsDryRun(context))
            {
                return await DryRun(NodeOf(context), plan, context, planned.Output).ConfigureAwait(false);
            }
            return await Outcome(() => NodeOf(context).ReconfigureAsync(plan, context.RequestAborted), plan.Steps.Length, planned.Output).ConfigureAwait(false);
        });

    [LoggerMessage(Level = LogLevel.Error, Message = "Control request {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused control request {Method} {Path} by token '{Token}': {Reason}")]
    private static partial void LogForbidden(ILogger logger, string method, string path, string token, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The node's grants cannot be read, so only its own token is accepted: {Reason}")]
    private static partial void LogGrantsUnreadable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused control request {Method} {Path} from {Remote}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string remote, string reason);
}
