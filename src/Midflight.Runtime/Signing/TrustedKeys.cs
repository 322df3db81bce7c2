using System.Collections.Immutable;
using System.Security.Cryptography;

namespace Midflight.Runtime.Signing;

/// <summary>
/// The keys whose signatures a node accepts on code it loads for a change (<see cref="NodeOptions.TrustedKeys"/>).
/// A module's assembly is accepted when the signature beside it is made by one of these keys, names
/// the assembly's exact bytes, and covers every assembly beside it that its load context could load.
/// </summary>
public sealed class TrustedKeys : IDisposable
{
    private readonly ImmutableDictionary<string, ECDsa> _keys;

    private TrustedKeys(ImmutableDictionary<string, ECDsa> keys) => _keys = keys;

    /// <summary>The ids of the keys, for messages: <c>ab12…, cd34…</c>.</summary>
    public IEnumerable<string> Ids => _keys.Keys.Order(StringComparer.Ordinal);

    /// <summary>Reads public keys from their PEM files.</summary>
    /// <exception cref="UntrustedCodeException">A file holds no public P-256 key.</exception>
    public static TrustedKeys Load(IEnumerable<string> publicKeyFiles)
    {
        var keys = ImmutableDictionary.CreateBuilder<string, ECDsa>(StringComparer.Ordinal);
        foreach (var file in publicKeyFiles)
        {
            var key = SigningKey.Load(file, isPrivate: false);
            keys[SigningKey.IdOf(key)] = key;
        }
        return keys.Count > 0 ? new TrustedKeys(keys.ToImmutable()) : throw new UntrustedCodeException("no key to trust was given");
    }

    /// <summary>
    /// Checks the code at <paramref name="assemblyPath"/>, whose bytes were read as <paramref name="assembly"/>,
    /// and returns the hashes its signature gives every file, for the load context to check each
    /// dependency against as it loads it.
    /// </summary>
    /// <param name="assemblyPath">Where the assembly was read from: its signature and its dependencies are beside it.</param>
    /// <param name="assembly">The assembly's bytes, as they will be loaded.</param>
    /// <param name="shared">Assemblies the node gives every module from its own context, never loaded from beside the module.</param>
    /// <exception cref="UntrustedCodeException">The code is unsigned, altered after signing, signed by another key, or has assemblies beside it the signature does not cover.</exception>
    public ImmutableSortedDictionary<string, string> Verify(string assemblyPath, ReadOnlySpan<byte> assembly, IReadOnlySet<string> shared)
    {
        var name = Path.GetFileName(assemblyPath);
        var signaturePath = CodeSignature.PathOf(assemblyPath);
        if (!File.Exists(signaturePath))
        {
            throw new UntrustedCodeException($"{assemblyPath} is not signed (there is no {Path.GetFileName(signaturePath)} beside it): this node loads only code signed by a key it trusts ({string.Join(", ", Ids)}); sign it with `midflight sign`");
        }
        var signature = CodeSignature.Read(signaturePath);
        if (!_keys.TryGetValue(signature.Key, out var key))
        {
            throw new UntrustedCodeException($"{assemblyPath} is signed by key {signature.Key}, which this node does not trust (it trusts {string.Join(", ", Ids)})");
        }
        if (!key.VerifyData(signature.SignedBytes(), signature.Signature, HashAlgorithmName.SHA256))
        {
            throw new UntrustedCodeException($"{signaturePath} does not verify with key {signature.Key}: the signature file was altered after it was made");
        }
        if (!signature.Files.TryGetValue(name, out var signed))
        {
            throw new UntrustedCodeException($"{signaturePath} does not cover {name} (it covers {string.Join(", ", signature.Files.Keys)})");
        }
        if (CodeSignature.Hash(assembly) != signed)
        {
            throw new UntrustedCodeException($"{assemblyPath} does not match its signature: it changed after it was signed by key {signature.Key}");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
        foreach (var beside in Directory.GetFiles(folder, "*.dll").Where(p => !shared.Contains(Path.GetFileNameWithoutExtension(p)) && Path.GetFileName(p) != name))
        {
            var file = Path.GetFileName(beside);
            if (!signature.Files.TryGetValue(file, out var hash))
            {
                throw new UntrustedCodeException($"{beside} is beside {name} and its load context could load it, but its signature does not cover it: sign the folder again");
            }
            if (CodeSignature.Hash(File.ReadAllBytes(beside)) != hash)
            {
                throw new UntrustedCodeException($"{beside} does not match the signature of {name}: it changed after it was signed");
            }
        }
        return signature.Files;
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }
}
