using Mono.Unix;
using Mono.Unix.Native;

namespace Midflight.Control;

/// <summary>
/// A folder and files that only their owner may change, checked the way ssh checks its keys: owned
/// by the user who reads them, and writable by no one else. On Windows, where the user's profile
/// folders are private by their ACLs, nothing is checked.
/// </summary>
internal static class PrivateFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode WritableByOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Creates the folder readable by its owner only; one that exists already must be the user's, and is made so.</summary>
    public static void Create(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, OwnerOnly);
        CheckOwner(directory);
        File.SetUnixFileMode(directory, OwnerOnly);
    }

    /// <summary>Writes a file readable and writable by its owner only, from the moment it exists.</summary>
    public static void Write(string path, string text)
    {
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
            // A file that existed keeps its mode through FileMode.Create: tighten it.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <exception cref="UntrustedNodeFilesException">The path belongs to another user, or others may write to it.</exception>
    public static void Check(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        CheckOwner(path);
        if ((File.GetUnixFileMode(path) & WritableByOthers) != 0)
        {
            throw new UntrustedNodeFilesException($"{path}: others may write to it (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}), so it could have been changed by someone else; only its owner may (chmod go-w)");
        }
    }

    private static void CheckOwner(string path)
    {
        var owner = UnixFileSystemInfo.GetFileSystemEntry(path).OwnerUserId;
        if (owner != Syscall.geteuid())
        {
            throw new UntrustedNodeFilesException($"{path}: it belongs to user {owner}, not to the user running this command ({Syscall.geteuid()})");
        }
    }
}
