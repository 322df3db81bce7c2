namespace Midflight.Model;

/// <summary>
/// A labelled statement in a module's source where reconfiguration is safe. <see cref="Variables"/>,
/// when given, lists the variables that make up the process state there, overriding the analysis.
/// </summary>
public sealed record ReconfigurationPoint(string Label, EquatableArray<string>? Variables = null);
