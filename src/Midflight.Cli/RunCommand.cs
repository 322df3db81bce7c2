using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Midflight.Control;
using Midflight.Hosting;
using Midflight.Runtime;
using Midflight.Runtime.Signing;
using OpenTelemetry.Exporter;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight run FILE [--for DURATION] [--health-window DURATION] [--progress-timeout DURATION] [--queue-capacity N]</c>: runs an application on the
/// embedded node until the duration is over or the process is asked to stop, then stops every module
/// cleanly. One node per configuration: it holds the lock in <c>.midflight/</c> while it runs.
/// </summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors, ILoggerFactory loggerFactory)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil)" };
        var duration = Duration.Option("--for", "Stop after this long, e.g. 30s, 5m or 1h (default: until Ctrl+C or SIGTERM)");
        var healthWindow = Duration.Option("--health-window",
            "How long after an update the old version is kept to back out to, automatically or by rollback --from-snapshot, e.g. 5m (default: 30s)");
        var progressTimeout = Duration.Option("--progress-timeout",
            "How long a new version in its health window may hold a request or queued messages without reading or writing, before it is taken for stuck, cut off and backed out (default: 5s)");
        var queueCapacity = QueueCapacityOption();
        var cluster = new ClusterSwitches("--node", nameRequired: false);
        var trust = new Option<FileInfo[]>("--trust")
        {
            Description = "Load new code for a change only if it is signed by this public key (NAME.pub from 'midflight keys new'; repeat for several keys); procedure updates are then refused",
        };
        var otlp = new Option<Uri>("--otlp")
        {
            Description = "Send the node's metrics and reconfiguration traces to this OpenTelemetry collector, e.g. http://localhost:4317 (docs/operations.md)",
            CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : Refuse<Uri>(result, $"--otlp takes a collector's http:// or https:// address, such as http://localhost:4317, not '{result.Tokens.Single().Value}'"),
        };
        var otlpProtocol = new Option<string>("--otlp-protocol") { Description = "How to send to the collector: grpc (its port 4317; the default) or http (protobuf, its port 4318)" };
        otlpProtocol.AcceptOnlyFromAmong("grpc", "http");
        var command = new Command("run", "Run an application on the embedded node (one node, nothing else to install), or launch it across a cluster with --node")
        {
            file, duration, healthWindow, progressTimeout, queueCapacity, trust, otlp, otlpProtocol,
        };
        foreach (var option in cluster.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var stop = new StopSignal(cancellationToken);
            var configurationFile = parseResult.GetValue(file)!;
            var clusterOptions = cluster.Read(parseResult, errors, Path.Combine(NodeFiles.Control(configurationFile).Directory, "images"), out var wrong);
            if (wrong)
            {
                return ExitCodes.InvalidInput;
            }
            var tuning = new Tuning(parseResult.GetValue(healthWindow), parseResult.GetValue(progressTimeout), parseResult.GetValue(queueCapacity), clusterOptions)
            {
                TrustedKeys = [.. (parseResult.GetValue(trust) ?? []).Select(key => key.FullName)],
                Otlp = parseResult.GetValue(otlp),
                OtlpProtocol = parseResult.GetValue(otlpProtocol) == "http" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
            };
            return await Run(configurationFile, parseResult.GetValue(duration), tuning, console, errors, loggerFactory, stop);
        });
        return command;
    }

    /// <summary>What <c>run</c>'s options change of the node's defaults; with <see cref="Cluster"/>, the node launches the application across a cluster.</summary>
    private sealed record Tuning(TimeSpan? HealthWindow, TimeSpan? ProgressTimeout, int? QueueCapacity, Midflight.Cluster.ClusterOptions? Cluster)
    {
        /// <summary>The public keys whose signatures the node accepts on new code; none: any code.</summary>
        public string[] TrustedKeys { get; init; } = [];

        /// <summary>The OpenTelemetry collector to send the node's metrics and traces to; none: they are not sent.</summary>
        public Uri? Otlp { get; init; }

        public OtlpExportProtocol OtlpProtocol { get; init; }

        /// <summary>Makes the node's options those of a member of the cluster joined.</summary>
        public Func<NodeOptions, NodeOptions>? InCluster { get; init; }
    }

    private static Option<int?> QueueCapacityOption() => new("--queue-capacity")
    {
        Description = "How many messages a queue holds when its interface gives no capacity; writers to a full queue wait (default: 10000)",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var capacity)
                && Model.InterfaceSpec.IsCapacity(capacity))
            {
                return capacity;
            }
            result.AddError($"--queue-capacity takes a whole number of messages from 1 to {Model.InterfaceSpec.MaximumCapacity}, not '{text}'");
            return null;
        },
    };

    private static async Task<int> Run(FileInfo file, TimeSpan? duration, Tuning tuning, IAnsiConsole console, TextWriter errors, ILoggerFactory loggerFactory, StopSignal stop)
    {
        var configuration = ConfigurationFile.Load(file, console, errors);
        if (configuration is null)
        {
            return ExitCodes.InvalidInput;
        }
        IAsyncDisposable? membership = null;
        if (tuning.Cluster is { } clusterOptions)
        {
            if (await ClusterMembership.JoinAsync(clusterOptions, console, errors, loggerFactory, stop.Token) is not { } joined)
            {
                return stop.Reason is null ? ExitCodes.StartFailed : ExitCodes.Success;
            }
            (membership, tuning) = (joined.Membership, tuning with { InCluster = joined.Configure });
        }
        await using var leaving = membership;
        using var host = Host(file, tuning, console, loggerFactory);
        console.MarkupLine($"Starting [bold]{Markup.Escape(configuration.Application.Name)}[/] from {Markup.Escape(file.Name)}");
        var node = host.Services.GetRequiredService<MidflightNode>();
        try
        {
            await host.StartAsync(stop.Token);
        }
        catch (Exception exception) when (exception is NodeAlreadyRunningException or UntrustedNodeFilesException or UntrustedCodeException or StableStoreException or IOException or UnauthorizedAccessException)
        {
            InputFile.Report(file, errors, exception.Message);
            return ExitCodes.StartFailed;
        }
        catch (ReconfigurationException exception)
        {
            InputFile.Report(file, errors, $"the application could not start: {exception.Message}");
            return ExitCodes.StartFailed;
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        console.MarkupLine($"Control endpoint on {Markup.Escape(node.ControlAddress?.ToString() ?? "?")} (its token is in {Markup.Escape(NodeFiles.Control(file).TokenFile)}; [bold]midflight status {Markup.Escape(file.Name)}[/] uses it)");
        console.MarkupLine(duration is { } limit
            ? $"Running for {limit}; press Ctrl+C to stop sooner"
            : "Running; press Ctrl+C to stop");
        try
        {
            await Task.Delay(duration ?? Timeout.InfiniteTimeSpan, stop.Token);
            console.MarkupLine($"Ran for {duration}: stopping");
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine($"{Markup.Escape(stop.Reason ?? "asked to stop")}: stopping");
        }
        await host.StopAsync(CancellationToken.None);
        console.MarkupLine("Stopped");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The generic host <c>run</c> is a thin shell around: the same <c>AddMidflight</c> an application
    /// of the user's calls, with the command's options, its console and its log.
    /// </summary>
    private static IHost Host(FileInfo file, Tuning tuning, IAnsiConsole console, ILoggerFactory loggerFactory)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = file.DirectoryName });
        builder.Services.AddSingleton(loggerFactory);
        // The command answers the signals itself (StopSignal), and says what it does in its own words.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        // Stopping waits for the node's own stop timeouts, never cut short by the host's.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddMidflight(options =>
        {
            options.Configuration = file.FullName;
            options.HealthWindow = tuning.HealthWindow;
            options.ProgressTimeout = tuning.ProgressTimeout;
            options.QueueCapacity = tuning.QueueCapacity;
            options.TrustedKeys = tuning.TrustedKeys;
            options.ConfigureNode = node =>
            {
                var ours = node with { Output = new SpectreModuleOutput(console) };
                return tuning.InCluster?.Invoke(ours) ?? ours;
            };
        });
        if (tuning.Otlp is { } collector)
        {
            builder.Services.AddMidflightOtlpExporter(collector, tuning.OtlpProtocol);
        }
        return builder.Build();
    }

    private static T? Refuse<T>(System.CommandLine.Parsing.ArgumentResult result, string error)
    {
        result.AddError(error);
        return default;
    }
}
