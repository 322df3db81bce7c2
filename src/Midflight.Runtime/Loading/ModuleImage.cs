using System.Security.Cryptography;

namespace Midflight.Runtime.Loading;

/// <summary>
/// A version of a module's code as it was built: its assembly's bytes, and the file they came from,
/// beside which its dependencies are found. Kept so that a rollback can load exactly that version
/// again, whatever has become of the file since.
/// </summary>
internal sealed class ModuleImage(string assemblyPath, byte[] bytes, string? hash = null)
{
    public string AssemblyPath { get; } = assemblyPath;

    public byte[] Bytes { get; } = bytes;

    /// <summary>
    /// The SHA-256 of <see cref="Bytes"/>, in hex: what tells versions apart. Computed once, on first
    /// use, however many instances load the image (a launch of thousands of one module's instances).
    /// </summary>
    public string Hash => _hash ??= HashOf(Bytes);

    private string? _hash = hash;

    /// <summary>The SHA-256 of an assembly's bytes, in hex, as images and shipped code name their versions.</summary>
    public static string HashOf(byte[] assembly) => Convert.ToHexString(SHA256.HashData(assembly));
}
