namespace Midflight.State;

/// <summary>Bytes that are not a snapshot this Midflight can read: not one at all, corrupt, truncated, or too new.</summary>
public sealed class SnapshotFormatException : Exception
{
    public SnapshotFormatException(string message) : base(message)
    {
    }

    public SnapshotFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public SnapshotFormatException()
    {
    }
}
