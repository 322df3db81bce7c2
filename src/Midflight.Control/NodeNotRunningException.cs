namespace Midflight.Control;

/// <summary>No node runs for the configuration a client named: its files are missing, or stale.</summary>
public sealed class NodeNotRunningException(string message) : Exception(message);
