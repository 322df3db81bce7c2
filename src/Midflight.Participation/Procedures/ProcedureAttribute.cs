namespace Midflight;

/// <summary>
/// Put by Midflight on each procedure of a module prepared for procedure updates, and on each
/// procedure an update compiles: the procedure's identity, stable across versions, and what the
/// running version needs to check an update against it without its source.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class ProcedureAttribute(string identity, string fingerprint, params string[] calls) : Attribute
{
    /// <summary>Its name and parameter types: <c>AdjustBalance(int, int)</c>.</summary>
    public string Identity { get; } = identity;

    /// <summary>A hash of its source, without comments and layout: an update changes it when it differs.</summary>
    public string Fingerprint { get; } = fingerprint;

    /// <summary>The procedures of the module it calls, by identity: the running version's call graph.</summary>
    public IReadOnlyList<string> Calls { get; } = calls;
}
