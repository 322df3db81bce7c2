namespace Midflight.Runtime;

/// <summary>A recording or file of messages that cannot be read: not JSON, or a message that does not fit its interface; the message says where.</summary>
public sealed class RecordingFormatException : Exception
{
    public RecordingFormatException(string message) : base(message)
    {
    }

    public RecordingFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public RecordingFormatException()
    {
    }
}
