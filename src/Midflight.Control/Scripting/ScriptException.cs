namespace Midflight.Control;

/// <summary>A reconfiguration script that does not compile, or fails while it plans: nothing of it was carried out.</summary>
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
}
