using System.Security.Cryptography;

namespace Midflight.Control;

/// <summary>
/// The two files through which a client finds a node's control endpoint and proves it may use it:
/// the endpoint's address, and the bearer token the node made when it started. Both live in the
/// node's folder and only the node's user can read them, which is what makes the token a secret.
/// </summary>
public sealed record ControlFiles(string Directory, string Name)
{
    public string AddressFile => Path.Combine(Directory, Name + ".endpoint");

    public string TokenFile => Path.Combine(Directory, Name + ".token");

    /// <summary>A new token of 256 random bits, written to <see cref="TokenFile"/> readable by its owner only.</summary>
    internal string CreateToken()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        WritePrivate(TokenFile, token);
        return token;
    }

    internal void WriteAddress(Uri address) => WritePrivate(AddressFile, address.ToString());

    /// <summary>Reads the address and token of a running node.</summary>
    /// <exception cref="FileNotFoundException">No node of that name runs there (or it did not start its endpoint).</exception>
    public (Uri Address, string Token) Read()
    {
        if (!File.Exists(AddressFile) || !File.Exists(TokenFile))
        {
            throw new FileNotFoundException($"no node '{Name}' is running with a control endpoint in '{Directory}' (there is no {Path.GetFileName(AddressFile)} or {Path.GetFileName(TokenFile)})");
        }
        return (new Uri(File.ReadAllText(AddressFile).Trim()), File.ReadAllText(TokenFile).Trim());
    }

    internal void Delete()
    {
        File.Delete(AddressFile);
        File.Delete(TokenFile);
    }

    private static void WritePrivate(string path, string text)
    {
        // Created empty with the owner's permissions only, then written: the secret is never readable by others.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(new FileStream(path, options)))
        {
            writer.Write(text);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
