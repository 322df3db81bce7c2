using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Midflight.Control;

namespace Midflight.Hosting;

/// <summary>The control API of the hosted node, in an ASP.NET Core application's own pipeline.</summary>
public static class MidflightApplicationBuilderExtensions
{
    /// <summary>
    /// Serves the node's control API under <paramref name="path"/> on the application's own server,
    /// instead of on a port of its own: same routes, same bearer token (in the node's files beside the
    /// configuration). Once the server listens, the node's files name its loopback address, so the
    /// <c>midflight</c> command reaches the node there. Call it before the application runs.
    /// </summary>
    public static WebApplication MapMidflightControl(this WebApplication app, string path = "/midflight")
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/') || path.EndsWith('/'))
        {
            throw new ArgumentException($"the control API's path must start with '/' and not end with one, as '/midflight' does, not '{path}'", nameof(path));
        }
        var node = app.Services.GetRequiredService<MidflightNode>();
        node.ServedByApplication = true;
        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        app.Map(path, branch => branch.UseControlApi(() => node.Access, loggerFactory));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (Loopback(addresses) is { } root)
            {
                node.PublishControl(new Uri(root, path.TrimStart('/') + "/"));
            }
            else
            {
                app.Logger.LogWarning("The Midflight control API is served under {Path}, but on no http address of this machine's loopback ({Addresses}): the midflight command cannot reach it", path, string.Join(", ", addresses));
            }
        });
        return app;
    }

    /// <summary>The server's first plain-http address a client on this machine reaches over loopback.</summary>
    private static Uri? Loopback(IEnumerable<string> addresses)
    {
        foreach (var text in addresses)
        {
            // Kestrel names wildcard bindings with + or *, which are no host names.
            var parsed = text.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsed, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }
            var any = address.Host is "localhost" || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
            if (any)
            {
                var host = IPAddress.TryParse(address.Host.Trim('[', ']'), out var own) && IPAddress.IsLoopback(own) ? address.Host : "127.0.0.1";
                return new Uri($"http://{host}:{address.Port}/");
            }
        }
        return null;
    }
}
