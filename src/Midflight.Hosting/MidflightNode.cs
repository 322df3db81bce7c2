using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Midflight.Control;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.Runtime.Signing;

namespace Midflight.Hosting;

/// <summary>
/// The node of a generic host: started with the host, from the configuration file its
/// <see cref="MidflightOptions"/> name, and stopped with it — every module's run returned, its
/// endpoint closed, its files removed. An application reaches the running <see cref="Node"/> here.
/// It holds the lock on the node's files beside the configuration, as <c>midflight run</c> does, so
/// the command line finds it and a second node of the same configuration is refused.
/// </summary>
public sealed partial class MidflightNode : IHostedService, IAsyncDisposable
{
    private readonly MidflightOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IServiceProvider _services;
    private readonly string _contentRoot;
    private readonly ILogger _logger;

    private Running? _running;

    public MidflightNode(IOptions<MidflightOptions> options, ILoggerFactory loggerFactory, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _services = services;
        _contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Environment.CurrentDirectory;
        _logger = loggerFactory.CreateLogger<MidflightNode>();
    }

    /// <summary>The configuration file the node runs, as a full path.</summary>
    public FileInfo ConfigurationFile => new(Path.GetFullPath(_options.Configuration ?? "", _contentRoot));

    /// <summary>The running node.</summary>
    /// <exception cref="InvalidOperationException">The host has not started it, or has stopped it.</exception>
    public Node Node => _running?.Node ?? throw new InvalidOperationException("the Midflight node is not running: the host has not started it, or has stopped it");

    /// <summary>Where the node's control endpoint answers, once known; null when it has none.</summary>
    public Uri? ControlAddress => _running?.Endpoint?.Address ?? _running?.PublishedAddress;

    /// <summary>What the control API serves, while the node runs and the application's pipeline serves the API.</summary>
    internal ControlAccess? Access => _running?.Access;

    /// <summary>Set by <c>MapMidflightControl</c>: the application's pipeline serves the control API, and no endpoint of its own is started.</summary>
    internal bool ServedByApplication { get; set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("the Midflight node is already running");
        }
        var file = ConfigurationFile;
        var configuration = Parse(file);
        var running = NodeFiles.Control(file).Lock();
        try
        {
            _running = await StartAsync(file, configuration, running, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            running.Dispose();
            throw;
        }
        if (ControlAddress is { } address)
        {
            LogStartedWithEndpoint(configuration.Application.Name, file.FullName, address);
        }
        else
        {
            LogStarted(configuration.Application.Name, file.FullName);
        }
    }

    private static Configuration Parse(FileInfo file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new MidflightConfigurationException($"{file.FullName}: the configuration file cannot be read: {exception.Message}", exception);
        }
        var parsed = ConfigurationParser.Parse(text, file.FullName);
        return parsed.Configuration ?? throw new MidflightConfigurationException(
            $"{file.FullName} has errors:{Environment.NewLine}{string.Join(Environment.NewLine, parsed.Diagnostics.Where(d => d.IsError))}", parsed.Diagnostics);
    }

    private async Task<Running> StartAsync(FileInfo file, Configuration configuration, NodeLock running, CancellationToken cancellationToken)
    {
        var eventLogPath = NodeFiles.EventLog(file);
        var newLog = !File.Exists(eventLogPath);
        var trusted = _options.TrustedKeys.Length == 0 ? null : TrustedKeys.Load(_options.TrustedKeys.Select(key => Path.GetFullPath(key, _contentRoot)));
        var eventLog = _options.EventLog ? await SqliteEventLog.OpenAsync(eventLogPath, cancellationToken).ConfigureAwait(false) : null;
        Node? node = null;
        try
        {
            // The store outlives every run: it is what a run started again takes its stable groups from.
            var stableStore = configuration.Application.Groups.Any(g => g.Stable) ? SqliteStableStore.Open(NodeFiles.StableStore(file)) : null;
            node = await Node.StartAsync(configuration, NodeOptions(file, eventLog, trusted) with { StableStore = stableStore }, cancellationToken).ConfigureAwait(false);
            if (ServedByApplication)
            {
                return new Running(node, running, Endpoint: null, ControlAccess.Open(node, running), trusted);
            }
            var endpoint = _options.ControlEndpoint == ControlEndpointMode.Loopback
                ? await ControlEndpoint.StartAsync(node, running, _loggerFactory, cancellationToken).ConfigureAwait(false)
                : null;
            return new Running(node, running, endpoint, Access: null, trusted);
        }
        catch
        {
            if (node is not null)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
            trusted?.Dispose();
            if (eventLog is not null && newLog)
            {
                // A node that never ran leaves no log behind.
                File.Delete(eventLogPath);
            }
            throw;
        }
    }

    private NodeOptions NodeOptions(FileInfo file, IEventLog? eventLog, TrustedKeys? trusted)
    {
        var defaults = new NodeOptions();
        var options = defaults with
        {
            BaseDirectory = file.DirectoryName!,
            LoggerFactory = _loggerFactory,
            Time = _services.GetService<TimeProvider>() ?? defaults.Time,
            Output = _services.GetService<IModuleOutput>() ?? defaults.Output,
            MeterFactory = _services.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            EventLog = eventLog,
            ProjectBuilder = new DotnetProjectBuilder(_options.BuildConfiguration, _loggerFactory.CreateLogger<DotnetProjectBuilder>()),
            HealthWindow = _options.HealthWindow ?? defaults.HealthWindow,
            ProgressTimeout = _options.ProgressTimeout ?? defaults.ProgressTimeout,
            QuiesceTimeout = _options.QuiesceTimeout ?? defaults.QuiesceTimeout,
            StopTimeout = _options.StopTimeout ?? defaults.StopTimeout,
            QueueCapacity = _options.QueueCapacity ?? defaults.QueueCapacity,
            TrustedKeys = trusted,
        };
        return _options.ConfigureNode?.Invoke(options) ?? options;
    }

    /// <summary>Writes where the application's pipeline serves the control API, once its server listens, for the command line to find.</summary>
    internal void PublishControl(Uri address)
    {
        if (_running is { Access: not null } running)
        {
            running.Lock.Files.WriteAddress(address);
            _running = running with { PublishedAddress = address };
        }
    }

    /// <summary>Stops every module (each run returns or is abandoned after the node's stop timeout), then the endpoint, and lets go of the node's files.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, null) is not { } running)
        {
            return;
        }
        try
        {
            if (running.Endpoint is { } endpoint)
            {
                await endpoint.DisposeAsync().ConfigureAwait(false);
            }
            else if (running.Access is not null)
            {
                running.Lock.Files.Delete();
            }
            await running.Node.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await running.Node.DisposeAsync().ConfigureAwait(false);
            running.Trusted?.Dispose();
            running.Lock.Dispose();
        }
        LogStopped(ConfigurationFile.FullName);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private sealed record Running(Node Node, NodeLock Lock, ControlEndpoint? Endpoint, ControlAccess? Access, TrustedKeys? Trusted)
    {
        public Uri? PublishedAddress { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Midflight node of {Application} started from {File}, its control endpoint on {Address}")]
    private partial void LogStartedWithEndpoint(string application, string file, Uri address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Midflight node of {Application} started from {File}")]
    private partial void LogStarted(string application, string file);

    // Debug: the host says it stops, and a command line prints its own last word after this one.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Midflight node of {File} stopped")]
    private partial void LogStopped(string file);
}
