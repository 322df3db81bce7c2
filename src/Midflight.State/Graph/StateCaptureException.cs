namespace Midflight.State.Graph;

/// <summary>A value that cannot be put in a snapshot, or a snapshot value that cannot be made into the object the new code expects.</summary>
public sealed class StateCaptureException : Exception
{
    public StateCaptureException(string message) : base(message)
    {
    }

    public StateCaptureException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public StateCaptureException()
    {
    }
}
