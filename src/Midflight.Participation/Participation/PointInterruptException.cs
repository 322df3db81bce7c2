namespace Midflight;

/// <summary>
/// Thrown out of a read that blocks at a reconfiguration point when a reconfiguration asks for the
/// module: the read consumed nothing, and the participation code catches this and captures as if the
/// module stood just before the read. Never reaches module code that the build did not generate.
/// </summary>
public sealed class PointInterruptException : Exception
{
    public PointInterruptException()
        : base("a reconfiguration interrupted a read at a reconfiguration point")
    {
    }

    public PointInterruptException(string message) : base(message)
    {
    }

    public PointInterruptException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
