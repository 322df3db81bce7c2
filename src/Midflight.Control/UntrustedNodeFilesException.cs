namespace Midflight.Control;

/// <summary>A node's files could have been written by someone other than its user, so nothing in them is used.</summary>
public sealed class UntrustedNodeFilesException(string message) : Exception(message);
