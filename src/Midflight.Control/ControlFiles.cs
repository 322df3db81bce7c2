using System.Net;
using System.Security.Cryptography;

namespace Midflight.Control;

/// <summary>
/// The files through which a node and its clients meet, in the node's folder: a lock the node holds
/// for its whole life, the node's process id, its control endpoint's address, and the bearer token
/// it made when it started. Only the node's user may read or change them, which is what makes the
/// token a secret and the address trustworthy; a client refuses files anyone else could have written.
/// </summary>
public sealed record ControlFiles(string Directory, string Name)
{
    public string AddressFile => Path.Combine(Directory, Name + ".endpoint");

    public string TokenFile => Path.Combine(Directory, Name + ".token");

    /// <summary>Held, exclusively, by the running node: the operating system lets it go when the process ends, however it ends.</summary>
    /// <summary>The tokens the node accepts besides its own, with their rights (<see cref="ControlGrants"/>).</summary>
    public string GrantsFile => Path.Combine(Directory, Name + ".grants.json");

    public string LockFile => Path.Combine(Directory, Name + ".lock");

    public string ProcessFile => Path.Combine(Directory, Name + ".pid");

    /// <summary>
    /// Takes the node's lock, creating the folder readable by its owner only. Files that a node which
    /// ended without cleaning up left behind are then known to be stale, and are overwritten.
    /// </summary>
    /// <exception cref="NodeAlreadyRunningException">Another node of that name runs from this folder.</exception>
    /// <exception cref="UntrustedNodeFilesException">The folder belongs to someone else, or others may write to it.</exception>
    public NodeLock Lock()
    {
        PrivateFolder.Create(Directory);
        FileStream held;
        try
        {
            held = new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception) when (File.Exists(LockFile))
        {
            throw new NodeAlreadyRunningException(Name, Directory, RunningProcess(), exception);
        }
        var running = new NodeLock(this, held);
        PrivateFolder.Write(ProcessFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return running;
    }

    /// <summary>Whether a node holds the lock now. A probe only: the answer can change the moment after.</summary>
    public bool IsLocked()
    {
        try
        {
            // A shared lock, which the running node's exclusive one refuses; released at once.
            using var probe = new FileStream(LockFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            // No node ever ran here, or its folder was removed.
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>A new token of 256 random bits, written to <see cref="TokenFile"/> readable by its owner only.</summary>
    internal string CreateToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        PrivateFolder.Write(TokenFile, token);
        return token;
    }

    /// <summary>Tells clients where the control API answers, with a trailing slash when it sits under a path.</summary>
    public void WriteAddress(Uri address) => PrivateFolder.Write(AddressFile, address.ToString());

    /// <summary>Reads the address and token of the running node, once they are shown to be its own.</summary>
    /// <exception cref="NodeNotRunningException">No node of that name runs there, or it did not start its endpoint.</exception>
    /// <exception cref="UntrustedNodeFilesException">The files could have been written by someone else, or name an address off this machine.</exception>
    public (Uri Address, string Token) Read()
    {
        if (!System.IO.Directory.Exists(Directory) || !File.Exists(AddressFile) || !File.Exists(TokenFile))
        {
            throw new NodeNotRunningException($"no node '{Name}' is running with a control endpoint in '{Directory}' (there is no {Path.GetFileName(AddressFile)} or {Path.GetFileName(TokenFile)})");
        }
        PrivateFolder.Check(Directory);
        if (!IsLocked())
        {
            throw new NodeNotRunningException($"no node '{Name}' is running: the files in '{Directory}' were left by one that ended without removing them{RunningProcess() switch { { } id => $" (process {id})", null => "" }}; the next `midflight run` replaces them");
        }
        PrivateFolder.Check(AddressFile);
        PrivateFolder.Check(TokenFile);
        var text = File.ReadAllText(AddressFile).Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttp || !IsLoopback(address))
        {
            // The token goes only where the node itself listens: on this machine, over loopback.
            throw new UntrustedNodeFilesException($"{AddressFile}: the control endpoint's address must be http on a loopback address, not '{text}'; the token is not sent there");
        }
        return (address, File.ReadAllText(TokenFile).Trim());
    }

    /// <summary>Removes what only a running node may show; the lock file stays, as taking it again is what tells nodes apart.</summary>
    public void Delete()
    {
        File.Delete(AddressFile);
        File.Delete(TokenFile);
    }

    internal void DeleteProcess() => File.Delete(ProcessFile);

    private int? RunningProcess()
    {
        try
        {
            return int.TryParse(File.ReadAllText(ProcessFile), out var id) ? id : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback && (address.HostNameType is not UriHostNameType.Dns || address.Host == "localhost")
        && (!IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) || IPAddress.IsLoopback(ip));
}
