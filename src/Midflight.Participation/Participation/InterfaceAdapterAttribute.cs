namespace Midflight;

/// <summary>
/// Marks a static method <c>Message M(Message)</c> of a new module version that converts messages on
/// one of its interfaces whose pattern changed (PODUS's interprocedures). The bus keeps the pattern
/// the module's peers are bound with; the adapter stands between it and the new code.
/// </summary>
/// <remarks>
/// For an incoming interface (<c>use</c>, <c>server</c>) it converts what arrives, old pattern to
/// new, before the module reads it. For an outgoing one (<c>define</c>, <c>client</c>) it converts
/// what the module writes, new pattern to old. With <see cref="Replies"/> it converts replies
/// instead: those a server writes (new to old) or those a client reads (old to new).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class InterfaceAdapterAttribute(string interfaceName) : Attribute
{
    public string Interface { get; } = interfaceName;

    /// <summary>Whether it converts the replies on a client or server interface rather than the requests.</summary>
    public bool Replies { get; init; }
}
