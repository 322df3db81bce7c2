namespace Midflight.Control.Tests;

/// <summary>
/// One node per configuration, and a client that trusts the node's files only when nobody else could
/// have written them: the lock, stale files, permissions, ownership, and where the token may go.
/// </summary>
public sealed class ControlFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ControlFiles Files => new(Path.Combine(_folder, ".midflight"), "app");

    [Fact]
    public void A_second_node_of_the_same_name_is_refused_while_the_first_holds_the_lock_and_may_start_once_it_is_gone()
    {
        using (Files.Lock())
        {
            var refused = Assert.Throws<NodeAlreadyRunningException>(() => Files.Lock());

            Assert.Equal($"node 'app' is already running (process {Environment.ProcessId}) with its files in '{Files.Directory}'; stop it first, or talk to it with `midflight status`", refused.Message);
            Assert.True(Files.IsLocked());
        }

        Assert.False(Files.IsLocked());
        using var next = Files.Lock();
        Assert.True(Files.IsLocked());
    }

    [Fact]
    public void The_folder_is_made_readable_by_its_owner_only_even_under_a_permissive_umask()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // private by the profile's ACLs
        }
        Directory.CreateDirectory(Files.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);

        using var running = Files.Lock();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Files.Directory));
    }

    [Fact]
    public void Files_a_node_that_died_left_behind_are_recognised_as_stale()
    {
        using (var running = Files.Lock())
        {
            running.Files.CreateToken();
            running.Files.WriteAddress(new Uri("http://127.0.0.1:5123/"));
        }

        var stale = Assert.Throws<NodeNotRunningException>(() => Files.Read());

        Assert.StartsWith($"no node 'app' is running: the files in '{Files.Directory}' were left by one that ended without removing them", stale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_others_may_write_are_not_trusted()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var running = Files.Lock();
        running.Files.CreateToken();
        running.Files.WriteAddress(new Uri("http://127.0.0.1:5123/"));
        File.SetUnixFileMode(Files.AddressFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite);

        var untrusted = Assert.Throws<UntrustedNodeFilesException>(() => Files.Read());

        Assert.Equal($"{Files.AddressFile}: others may write to it (mode 620), so it could have been changed by someone else; only its owner may (chmod go-w)", untrusted.Message);

        File.SetUnixFileMode(Files.AddressFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Files.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        Assert.Contains("others may write to it (mode 703)", Assert.Throws<UntrustedNodeFilesException>(() => Files.Read()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_of_another_user_are_not_trusted()
    {
        // Only root can give a file away; elsewhere this case cannot be made.
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            return;
        }
        using var running = Files.Lock();
        running.Files.CreateToken();
        running.Files.WriteAddress(new Uri("http://127.0.0.1:5123/"));
        Assert.Equal(0, Mono.Unix.Native.Syscall.chown(Files.AddressFile, 65534, 65534));

        var untrusted = Assert.Throws<UntrustedNodeFilesException>(() => Files.Read());

        Assert.Equal($"{Files.AddressFile}: it belongs to user 65534, not to the user running this command (0)", untrusted.Message);
    }

    [Theory]
    [InlineData("http://10.1.2.3:5000/")]
    [InlineData("http://example.com:5000/")]
    [InlineData("https://127.0.0.1:5000/")]
    [InlineData("not an address")]
    public void The_token_goes_only_to_a_loopback_address(string address)
    {
        using var running = Files.Lock();
        running.Files.CreateToken();
        File.WriteAllText(Files.AddressFile, address);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Files.AddressFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var untrusted = Assert.Throws<UntrustedNodeFilesException>(() => Files.Read());

        Assert.Equal($"{Files.AddressFile}: the control endpoint's address must be http on a loopback address, not '{address}'; the token is not sent there", untrusted.Message);
    }
}
