namespace Midflight;

/// <summary>
/// A write the bus refused: the message does not match the interface's pattern, the interface does
/// not exist or cannot send, or a request has no server. Nothing was delivered.
/// </summary>
public sealed class MessageRefusedException : Exception
{
    public MessageRefusedException(string message) : base(message)
    {
    }

    public MessageRefusedException()
    {
    }

    public MessageRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
