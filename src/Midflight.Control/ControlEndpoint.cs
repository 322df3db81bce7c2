using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Midflight.Runtime;

namespace Midflight.Control;

/// <summary>
/// A node's control API: HTTP with JSON, on loopback only. Every request must carry the bearer token
/// the endpoint made when it started (in <see cref="ControlFiles.TokenFile"/>, readable only by the
/// node's user); one without it, or with another, is refused with 401 and logged.
/// </summary>
public sealed partial class ControlEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ControlFiles _files;

    private ControlEndpoint(WebApplication app, ControlFiles files, Uri address)
    {
        _app = app;
        _files = files;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the endpoint of <paramref name="node"/> on a free loopback port, writing its address and token to <paramref name="files"/>.</summary>
    public static async Task<ControlEndpoint> StartAsync(Node node, ControlFiles files, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var token = Encoding.UTF8.GetBytes(files.CreateToken());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, new DefaultJsonTypeInfoResolver()));
        var app = builder.Build();
        var logger = loggerFactory.CreateLogger<ControlEndpoint>();
        app.Use(async (context, next) =>
        {
            if (Refusal(context.Request, token) is { } why)
            {
                LogRefused(logger, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString() ?? "?", why);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsJsonAsync(new { error = why }, context.RequestAborted).ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });
        MapApi(app, node);
        MapScripts(app, node);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // An endpoint that never served leaves no token behind.
            files.Delete();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var address = new Uri(app.Urls.First());
        files.WriteAddress(address);
        return new ControlEndpoint(app, files, address);
    }

    private static string? Refusal(HttpRequest request, byte[] token)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return "missing bearer token: send 'Authorization: Bearer <token>' with the token from the node's .token file";
        }
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "the Authorization header is not a bearer token";
        }
        // In constant time, so that the answer's timing says nothing about how much of a guess was right.
        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, token) ? null : "wrong bearer token";
    }

    private static void MapApi(WebApplication app, Node node)
    {
        app.MapGet("/v1/status", () => StatusView.Of(node.Status));
        app.MapPost("/v1/replace/{instance}", async (string instance, string? timeoutMs, string? whenIdle, HttpContext context) =>
        {
            // One view of the application for the check and the plan: the status is built anew on each read.
            var status = node.Status;
            if (status.Instances.All(i => i.Name != instance))
            {
                return Results.NotFound(new { error = $"there is no instance '{instance}'" });
            }
            TimeSpan? timeout = null;
            if (timeoutMs is not null)
            {
                if (!double.TryParse(timeoutMs, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds) || milliseconds <= 0)
                {
                    return Results.BadRequest(new { error = $"timeoutMs must be a positive number of milliseconds, not '{timeoutMs}'" });
                }
                timeout = TimeSpan.FromMilliseconds(milliseconds);
            }
            var reconfiguration = Scripts.Replace(status, instance) with
            {
                RequestedBy = $"control endpoint ({Environment.UserName})",
                Timeout = timeout,
                WhenIdle = [.. (whenIdle ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            };
            try
            {
                var result = await node.ReconfigureAsync(reconfiguration, context.RequestAborted).ConfigureAwait(false);
                return Results.Ok(new ReconfigurationView(true, result.Steps, result.Duration.TotalMilliseconds, result.Paused.TotalMilliseconds, result.MovedFrames, null));
            }
            catch (ReconfigurationException exception)
            {
                return Results.Conflict(new ReconfigurationView(false, reconfiguration.Steps.Length, 0, 0, new Dictionary<string, int>(), exception.Message));
            }
        });
    }

    private static void MapScripts(WebApplication app, Node node) =>
        app.MapPost("/v1/script", async (ScriptRequest request, HttpContext context) =>
        {
            try
            {
                var result = await ScriptRunner.RunAsync(node, request.Name, request.Code, request.Args ?? new Dictionary<string, string>(),
                    $"script through the control endpoint ({Environment.UserName})", context.RequestAborted).ConfigureAwait(false);
                return Results.Ok(new ReconfigurationView(true, result.Steps, result.Duration.TotalMilliseconds, result.Paused.TotalMilliseconds, result.MovedFrames, null));
            }
            catch (ScriptException exception)
            {
                return Results.BadRequest(new ReconfigurationView(false, 0, 0, 0, new Dictionary<string, int>(), exception.Message));
            }
            catch (ReconfigurationException exception)
            {
                return Results.Conflict(new ReconfigurationView(false, 0, 0, 0, new Dictionary<string, int>(), exception.Message));
            }
        });

    public async ValueTask DisposeAsync()
    {
        _files.Delete();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused control request {Method} {Path} from {Remote}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string remote, string reason);
}
