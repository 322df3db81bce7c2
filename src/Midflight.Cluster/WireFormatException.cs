namespace Midflight.Cluster;

/// <summary>A frame from another node that is not what Midflight sends: it is dropped, and the sender named in the log.</summary>
public sealed class WireFormatException : Exception
{
    public WireFormatException()
    {
    }

    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
