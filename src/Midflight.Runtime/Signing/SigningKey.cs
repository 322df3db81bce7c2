using System.Security.Cryptography;

namespace Midflight.Runtime.Signing;

/// <summary>
/// The keys code is signed with: ECDSA on P-256, from the platform's cryptography. A private key is a
/// PKCS#8 PEM file readable by its owner only; a public key, an X.509 SubjectPublicKeyInfo PEM file,
/// which a node is given to trust. A key is named by its id: the first 16 hex digits of the SHA-256 of
/// its public key.
/// </summary>
public static class SigningKey
{
    /// <summary>Makes a new key pair: <c>NAME.key</c> (private, mode 600) and <c>NAME.pub</c>; returns the key's id.</summary>
    public static string Create(string privateKeyPath, string publicKeyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(privateKeyPath, options))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }
        File.WriteAllText(publicKeyPath, key.ExportSubjectPublicKeyInfoPem());
        return IdOf(key);
    }

    public static string IdOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
    }

    /// <exception cref="UntrustedCodeException">The file holds no ECDSA P-256 key of the kind asked for.</exception>
    public static ECDsa Load(string path, bool isPrivate)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                throw new UntrustedCodeException($"{path}: the key is ECDSA of {key.KeySize} bits; Midflight signs with P-256");
            }
            if (isPrivate)
            {
                // Only a private key can sign; a public key file given as one is a mistake worth naming.
                key.ExportParameters(includePrivateParameters: true);
            }
            return key;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new UntrustedCodeException($"{path} holds no {(isPrivate ? "private" : "public")} ECDSA P-256 key in PEM form: {exception.Message}", exception);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
