using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Midflight.Runtime.Signing;

/// <summary>
/// The signature of a module's built code: the SHA-256 of its assembly and of every assembly beside it
/// (its private dependencies, which its load context may load), signed with one key (ECDSA P-256).
/// Kept beside the assembly as <c>X.dll.sig</c>, JSON; what is signed is <see cref="SignedBytes()"/>,
/// a canonical text of the key and the files, so the JSON's spacing and order do not matter.
/// </summary>
public sealed record CodeSignature(string Key, ImmutableSortedDictionary<string, string> Files, byte[] Signature)
{
    public const string Format = "midflight-signature/1";

    /// <summary>The signature file of <paramref name="assemblyPath"/>.</summary>
    public static string PathOf(string assemblyPath) => assemblyPath + ".sig";

    /// <summary>What the key signs: the format, the key's id and each file's name and hash, one per line, in ordinal order.</summary>
    public byte[] SignedBytes() => SignedBytes(Key, Files);

    private static byte[] SignedBytes(string key, IEnumerable<KeyValuePair<string, string>> files)
    {
        var text = new StringBuilder().Append(Format).Append('\n').Append("key ").Append(key).Append('\n');
        foreach (var (name, hash) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append("file ").Append(name).Append(' ').Append(hash).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Signs <paramref name="assemblyPath"/> and every assembly in its folder with <paramref name="key"/>.</summary>
    public static CodeSignature Sign(string assemblyPath, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var folder = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
        var files = Directory.GetFiles(folder, "*.dll")
            .ToImmutableSortedDictionary(path => Path.GetFileName(path), path => Hash(File.ReadAllBytes(path)), StringComparer.Ordinal);
        var id = SigningKey.IdOf(key);
        return new CodeSignature(id, files, key.SignData(SignedBytes(id, files), HashAlgorithmName.SHA256));
    }

    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(new Wire(Format, Key, Files, Convert.ToBase64String(Signature)), WireOptions));

    /// <exception cref="UntrustedCodeException">The file is not a signature this node can read.</exception>
    public static CodeSignature Read(string path)
    {
        Wire? wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(File.ReadAllText(path), WireOptions);
        }
        catch (JsonException exception)
        {
            throw new UntrustedCodeException($"{path} is not a Midflight signature: {exception.Message}", exception);
        }
        if (wire is not { Format: Format, Key.Length: > 0, Files.Count: > 0, Signature.Length: > 0 })
        {
            throw new UntrustedCodeException($"{path} is not a Midflight signature (format '{wire?.Format}', expected '{Format}' with a key, files and a signature)");
        }
        try
        {
            return new CodeSignature(wire.Key, wire.Files.ToImmutableSortedDictionary(StringComparer.Ordinal), Convert.FromBase64String(wire.Signature));
        }
        catch (FormatException exception)
        {
            throw new UntrustedCodeException($"{path}: the signature is not base64: {exception.Message}", exception);
        }
    }

    private static readonly JsonSerializerOptions WireOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record Wire(
        [property: JsonRequired] string Format,
        [property: JsonRequired] string Key,
        [property: JsonRequired] IDictionary<string, string> Files,
        [property: JsonRequired] string Signature);
}
