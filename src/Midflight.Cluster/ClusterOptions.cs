namespace Midflight.Cluster;

/// <summary>How a node joins a cluster: its name, where it listens, whom it asks to join, and the cluster's secret.</summary>
public sealed record ClusterOptions
{
    /// <summary>The node's name: what a <c>machine</c> attribute names to run an instance here. Unique in the cluster.</summary>
    public required string NodeName { get; init; }

    /// <summary>The address it listens on and others reach it at; loopback by default.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port it listens on; 0 for one the system chooses.</summary>
    public int Port { get; init; }

    /// <summary>The nodes it asks to join the cluster, as <c>host:port</c>; none for the first node, which forms the cluster.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>What every node of the cluster shares; a process without it can neither join nor send (see <c>docs/cluster.md</c>).</summary>
    public required string Secret { get; init; }

    /// <summary>Where the node keeps the module code other nodes ship to it.</summary>
    public string ImageFolder { get; init; } = Path.Combine(Path.GetTempPath(), "midflight-images");

    /// <summary>How long a node waits for another to answer one step of a change across nodes before it abandons the change.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a launch waits for the nodes its instances are placed on to join.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a node may be silent before the others take it for unreachable, and how long it must
    /// stay so before it is taken out of the cluster and its instances are reported lost.
    /// </summary>
    public TimeSpan FailureDetection { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// For tests of a node lost in the middle of a move: how long the node waits before it takes in
    /// an instance moved to it, so that a test can kill it then. Zero in production.
    /// </summary>
    public TimeSpan ArrivalDelay { get; init; }
}
