namespace Midflight.Control;

/// <summary>A node was asked to start where another node of the same name runs already.</summary>
public sealed class NodeAlreadyRunningException(string name, string directory, int? process, Exception inner)
    : Exception($"node '{name}' is already running{(process is { } id ? $" (process {id})" : "")} with its files in '{directory}'; stop it first, or talk to it with `midflight status`", inner);
