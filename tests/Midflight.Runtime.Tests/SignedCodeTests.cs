using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime.Procedures;
using Midflight.Runtime.Signing;

namespace Midflight.Runtime.Tests;

/// <summary>
/// A node told to trust one key loads new code for a change only if that key signed it: an unsigned,
/// a tampered and a wrongly signed build are refused, naming why, and the instance runs on as it was;
/// a signed one goes through.
/// </summary>
public sealed class SignedCodeTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-signed-").FullName;
    private readonly FakeTimeProvider _time = new(TestNodes.Epoch);
    private readonly Recorder _recorder = new();
    private TrustedKeys _trusted = null!;
    private Node _node = null!;

    private string Key(string name) => Path.Combine(_folder, name);

    public async Task InitializeAsync()
    {
        SigningKey.Create(Key("ops.key"), Key("ops.pub"));
        SigningKey.Create(Key("stranger.key"), Key("stranger.pub"));
        _trusted = TrustedKeys.Load([Key("ops.pub")]);
        var options = TestNodes.Options(_time, _recorder) with { TrustedKeys = _trusted };
        _node = await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(TestNodes.Pipeline("counter", "Counter", "collector", "Collector")), options));
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    public void Dispose()
    {
        _trusted.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A build of the test modules in a folder of its own, signed with <paramref name="key"/> if one is given.</summary>
    private string Build(string name, string? key)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        var assembly = Path.Combine(folder, "Midflight.TestModules.dll");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll"), assembly);
        if (key is not null)
        {
            using var signer = SigningKey.Load(Key(key), isPrivate: true);
            CodeSignature.Sign(assembly, signer).Write(CodeSignature.PathOf(assembly));
        }
        return assembly;
    }

    private Task<ReconfigurationResult> UpdateAsync(string assembly) =>
        Drive.CompleteAsync(_node, _time, _node.ReconfigureAsync(Scripts.Update(_node.Status, "collector", new ModuleSource(assembly, "Midflight.TestModules.SlowCollector"))), Step);

    private async Task AssertRefusedAsync(string assembly, string reason)
    {
        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => UpdateAsync(assembly));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Equal(TestNodes.TestModule("Collector"), _node.Status["collector"].Spec.Source.ToString());
        // It runs on: what the counter sends is still collected.
        var collected = _recorder.Printed("collector").Count;
        await Drive.UntilAsync(_node, _time, () => _recorder.Printed("collector").Count > collected, Step);
    }

    [Fact]
    public async Task Code_signed_by_the_trusted_key_goes_through()
    {
        var signed = Build("signed", "ops.key");

        await UpdateAsync(signed);

        Assert.Equal($"{signed}#Midflight.TestModules.SlowCollector", _node.Status["collector"].Spec.Source.ToString());
    }

    [Fact]
    public Task Unsigned_code_is_refused() =>
        AssertRefusedAsync(Build("unsigned", key: null), "is not signed (there is no Midflight.TestModules.dll.sig beside it): this node loads only code signed by a key it trusts");

    [Fact]
    public Task Code_changed_after_it_was_signed_is_refused()
    {
        var tampered = Build("tampered", "ops.key");
        File.AppendAllBytes(tampered, [0x4d]);

        return AssertRefusedAsync(tampered, "does not match its signature: it changed after it was signed by key");
    }

    [Fact]
    public Task Code_signed_by_a_key_the_node_does_not_trust_is_refused()
    {
        using var stranger = SigningKey.Load(Key("stranger.pub"), isPrivate: false);

        return AssertRefusedAsync(Build("stranger", "stranger.key"), $"is signed by key {SigningKey.IdOf(stranger)}, which this node does not trust (it trusts {_trusted.Ids.Single()})");
    }

    [Fact]
    public Task A_signature_file_altered_after_signing_is_refused()
    {
        var assembly = Build("altered", "ops.key");
        var signature = CodeSignature.Read(CodeSignature.PathOf(assembly));
        (signature with { Files = signature.Files.SetItem("Extra.dll", new string('0', 64)) }).Write(CodeSignature.PathOf(assembly));

        return AssertRefusedAsync(assembly, "does not verify with key");
    }

    [Fact]
    public Task An_assembly_put_beside_signed_code_after_signing_is_refused()
    {
        var assembly = Build("added", "ops.key");
        File.Copy(assembly, Path.Combine(Path.GetDirectoryName(assembly)!, "Added.dll"));

        return AssertRefusedAsync(assembly, "Added.dll is beside Midflight.TestModules.dll and its load context could load it, but its signature does not cover it");
    }

    [Fact]
    public async Task A_procedure_update_which_compiles_unsigned_source_in_the_node_is_refused()
    {
        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() =>
            _node.UpdateProceduresAsync("collector", new ProcedureUpdateOptions { Procedures = ["Run"], Source = "class C { }" }));

        Assert.Contains("a procedure update compiles source inside the node, which no signature covers", refused.Message, StringComparison.Ordinal);
    }
}
