namespace Midflight.Model;

/// <summary>
/// A binding from an outgoing interface (define or client) to an incoming one (use or server).
/// The model always holds the outgoing side in <see cref="From"/>, whichever order the text used.
/// </summary>
public readonly record struct BindingSpec(Endpoint From, Endpoint To)
{
    public override string ToString() => $"\"{From}\" -> \"{To}\"";
}
