using System.CommandLine;
using System.Globalization;
using Midflight.Cluster;

namespace Midflight.Cli;

/// <summary>
/// The options that put a node in a cluster, shared by <c>run</c> (the node that launches the
/// application) and <c>node</c> (a node that takes the share its launcher gives it). Without
/// <c>--node</c>, <c>run</c> is the embedded node, and Akka is never loaded.
/// </summary>
internal sealed class ClusterSwitches
{
    /// <summary>Where a node reads the cluster's secret when no file is given.</summary>
    public const string SecretVariable = "MIDFLIGHT_CLUSTER_SECRET";

    /// <summary>A test hook: milliseconds a node waits before it takes in an instance moved to it (see <see cref="ClusterOptions.ArrivalDelay"/>).</summary>
    public const string ArrivalDelayVariable = "MIDFLIGHT_TEST_ARRIVAL_DELAY";

    public Option<string> Name { get; }

    public Option<string> Host { get; } = new("--host") { Description = "The address this node listens on and others reach it at (default: 127.0.0.1)" };

    public Option<int?> Port { get; } = new("--port")
    {
        Description = "The port this node listens on (default: one the system chooses)",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
            {
                return port;
            }
            result.AddError($"--port takes a port number from 0 to 65535, not '{text}'");
            return null;
        },
    };

    public Option<string[]> Seeds { get; } = new("--seed")
    {
        Description = "A node of the cluster to join through, as host:port; repeat it for several (default: none, this node forms the cluster)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<FileInfo> SecretFile { get; } = new("--secret-file")
    {
        Description = $"A file holding the cluster's shared secret, at least {ClusterSecretLength} characters (default: the {SecretVariable} environment variable)",
    };

    private const int ClusterSecretLength = 16;

    /// <param name="nameOption">How the verb names the node's name: <c>--name</c> for <c>node</c>, <c>--node</c> for <c>run</c>, where it turns the cluster on.</param>
    /// <param name="nameRequired">Whether the verb runs only in a cluster.</param>
    public ClusterSwitches(string nameOption, bool nameRequired) =>
        Name = new Option<string>(nameOption)
        {
            Required = nameRequired,
            Description = nameRequired
                ? "This node's name in the cluster: what a machine attribute names to run an instance here"
                : "Run as the node of this name in a cluster, which the application's machine attributes place instances across (default: the embedded node, alone)",
        };

    public Option<TimeSpan?> JoinTimeout { get; } = Duration.Option("--join-timeout", "How long to wait to get into the cluster, and for the nodes an application places instances on to join it (default: 30s)");

    public IEnumerable<Option> All => [Name, Host, Port, Seeds, SecretFile, JoinTimeout];

    /// <summary>The cluster options asked for; null for the embedded node, or when they are wrong (reported).</summary>
    public ClusterOptions? Read(ParseResult parseResult, TextWriter errors, string imageFolder, out bool failed)
    {
        failed = false;
        if (parseResult.GetValue(Name) is not { } name)
        {
            return null;
        }
        string? secret;
        if (parseResult.GetValue(SecretFile) is { } file)
        {
            if (!InputFile.Exists(file, errors))
            {
                failed = true;
                return null;
            }
            secret = File.ReadAllText(file.FullName).Trim();
        }
        else
        {
            secret = Environment.GetEnvironmentVariable(SecretVariable);
        }
        if (string.IsNullOrEmpty(secret))
        {
            errors.WriteLine($"error: a node of a cluster needs the cluster's secret: give --secret-file FILE or set {SecretVariable}");
            failed = true;
            return null;
        }
        return new ClusterOptions
        {
            NodeName = name,
            Host = parseResult.GetValue(Host) ?? "127.0.0.1",
            Port = parseResult.GetValue(Port) ?? 0,
            Seeds = parseResult.GetValue(Seeds) ?? [],
            Secret = secret,
            ImageFolder = imageFolder,
            JoinTimeout = parseResult.GetValue(JoinTimeout) ?? new ClusterOptions { NodeName = name, Secret = secret }.JoinTimeout,
            ArrivalDelay = int.TryParse(Environment.GetEnvironmentVariable(ArrivalDelayVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var delay)
                ? TimeSpan.FromMilliseconds(delay)
                : TimeSpan.Zero,
        };
    }
}
