using Midflight.Runtime.Signing;

namespace Midflight.Cli.Tests;

/// <summary><c>midflight keys new</c> and <c>midflight sign</c> make what a node started with <c>--trust</c> checks.</summary>
public sealed class SigningCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-keys-").FullName;

    [Fact]
    public async Task A_new_key_signs_a_build_which_the_key_s_public_half_verifies()
    {
        var keys = new CliRun();
        Assert.Equal(0, await keys.InvokeAsync("keys", "new", "ops", "--out", _folder));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "ops.key")));
        }
        var build = Directory.CreateDirectory(Path.Combine(_folder, "build")).FullName;
        var assembly = Path.Combine(build, "Midflight.TestModules.dll");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll"), assembly);

        var sign = new CliRun();
        Assert.Equal(0, await sign.InvokeAsync("sign", assembly, "--key", Path.Combine(_folder, "ops.key")));

        Assert.Contains("signed Midflight.TestModules.dll with key ", sign.Output, StringComparison.Ordinal);
        using var trusted = TrustedKeys.Load([Path.Combine(_folder, "ops.pub")]);
        var files = trusted.Verify(assembly, File.ReadAllBytes(assembly), new HashSet<string>());
        Assert.Equal(["Midflight.TestModules.dll"], files.Keys);
    }

    [Fact]
    public async Task A_key_is_never_overwritten_and_a_public_key_cannot_sign()
    {
        Assert.Equal(0, await new CliRun().InvokeAsync("keys", "new", "ops", "--out", _folder));
        var again = new CliRun();

        Assert.Equal(1, await again.InvokeAsync("keys", "new", "ops", "--out", _folder));
        Assert.Contains("a key is never overwritten", again.Errors, StringComparison.Ordinal);

        var assembly = Path.Combine(_folder, "Midflight.TestModules.dll");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll"), assembly);
        var withPublic = new CliRun();
        Assert.Equal(1, await withPublic.InvokeAsync("sign", assembly, "--key", Path.Combine(_folder, "ops.pub")));
        Assert.Contains("holds no private ECDSA P-256 key in PEM form", withPublic.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(assembly + ".sig"));
    }

    [Fact]
    public async Task A_node_told_to_trust_a_file_that_holds_no_key_does_not_start()
    {
        var configuration = Path.Combine(_folder, "app.mil");
        await File.WriteAllTextAsync(configuration, Control.Tests.EndpointNode.CounterToCollector.Replace("Midflight.TestModules.dll", Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll"), StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(_folder, "ops.pub"), "not a key");
        var run = new CliRun();

        Assert.Equal(2, await run.InvokeAsync("run", configuration, "--trust", Path.Combine(_folder, "ops.pub"), "--for", "1s"));

        Assert.Contains("ops.pub holds no public ECDSA P-256 key in PEM form", run.Errors, StringComparison.Ordinal);
        Assert.False(Control.NodeFiles.Control(new FileInfo(configuration)).IsLocked());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
