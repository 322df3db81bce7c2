namespace Midflight.Runtime.Signing;

/// <summary>Code a node was asked to load is not signed by a key it trusts, or a signature or key file cannot be read: nothing was loaded.</summary>
public sealed class UntrustedCodeException : Exception
{
    public UntrustedCodeException(string message) : base(message)
    {
    }

    public UntrustedCodeException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public UntrustedCodeException()
    {
    }
}
