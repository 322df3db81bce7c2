namespace Midflight.Control;

/// <summary>
/// A reconfiguration script that does not compile, fails while it plans, ends or outlasts its process,
/// or gives back no readable plan: nothing of it was carried out.
/// </summary>
public sealed class ScriptException : Exception
{
    public ScriptException(string message) : base(message)
    {
    }

    public ScriptException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ScriptException()
    {
    }

    /// <summary>What the script printed before it was refused, for its author to see why.</summary>
    public string Output { get; init; } = "";
}
