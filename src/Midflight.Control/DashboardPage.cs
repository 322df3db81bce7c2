using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Midflight.Control;

/// <summary>
/// The dashboard's page under <c>/dashboard</c>: its HTML, script and style, embedded in this assembly,
/// and the redemption of a <see cref="DashboardTickets">ticket</see>. None of it needs a token and none
/// of it holds data: the page asks the API for everything, with the token it is given.
/// </summary>
internal static partial class DashboardPage
{
    public const string Path = "/dashboard";

    // The page runs only its own script and talks only to this endpoint; no other site may frame it.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(IApplicationBuilder app, DashboardTickets tickets, ILogger logger)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardPage).Assembly, "Midflight.Control.Dashboard");
        app.Map(Path, page =>
        {
            page.Use(async (context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                await next(context).ConfigureAwait(false);
            });
            page.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            page.Run(async context =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/redeem")
                {
                    await RedeemAsync(context, tickets, logger).ConfigureAwait(false);
                    return;
                }
                if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value == "/")
                {
                    // The page's addresses are relative to PATH/dashboard, not PATH/dashboard/.
                    context.Response.Redirect(context.Request.PathBase.Value!);
                    return;
                }
                if (HttpMethods.IsGet(context.Request.Method) && string.IsNullOrEmpty(context.Request.Path.Value))
                {
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.SendFileAsync(files.GetFileInfo("index.html"), context.RequestAborted).ConfigureAwait(false);
                    return;
                }
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            });
        });
    }

    private static async Task RedeemAsync(HttpContext context, DashboardTickets tickets, ILogger logger)
    {
        Redemption? asked;
        try
        {
            asked = await context.Request.ReadFromJsonAsync<Redemption>(context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            asked = null;
        }
        catch (InvalidOperationException)
        {
            asked = null; // not JSON at all
        }
        if (asked?.Ticket is not { Length: > 0 } ticket || tickets.Redeem(ticket) is not { } token)
        {
            LogTicketRefused(logger, context.Connection.RemoteIpAddress?.ToString() ?? "?");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { error = "the ticket is unknown, spent or expired: run midflight dashboard again, or give the page the node's token" }, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(new { token }, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record Redemption([property: JsonPropertyName("ticket")] string? Ticket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a dashboard ticket from {Address}: unknown, spent or expired")]
    private static partial void LogTicketRefused(ILogger logger, string address);
}
