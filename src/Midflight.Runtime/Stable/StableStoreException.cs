namespace Midflight.Runtime;

/// <summary>The stable store could not be read or written; what it names was not written.</summary>
public sealed class StableStoreException : Exception
{
    public StableStoreException()
    {
    }

    public StableStoreException(string message)
        : base(message)
    {
    }

    public StableStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
