using Midflight.Model;
using Microsoft.Extensions.Time.Testing;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>
/// A node for procedure-update tests: a counter feeding one value a fake second to one module with a
/// binding table, built from source like the module versions of other tests, and its new sources
/// written to files the update reads.
/// </summary>
internal static class ProcedureNodes
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    /// <param name="name">A name of the running version's own, which names its assembly.</param>
    /// <param name="type">The module class's full name.</param>
    public static async Task<(Node Node, FakeTimeProvider Time, Recorder Recorder)> StartAsync(string name, string type, string source)
    {
        var running = Build(name, type, source);
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var configuration = $$"""
            module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
            {{Specification(running.ToString(), null)}}
            module app { instance counter instance subject bind "counter out" "subject in" }
            """;
        return (await TestNodes.StartAsync(configuration, time, recorder), time, recorder);
    }

    /// <summary>Builds a version of the subject's module, as a project would: for a module update of it.</summary>
    public static ModuleSource Build(string name, string type, string source) =>
        ModuleVersions.Build(name, Specification($"versions/{name}.dll#{type}", "app"), ($"{name}.cs", source));

    private static string Specification(string source, string? application) =>
        $$"""module subject { source = "{{source}}" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: }"""
        + (application is null ? "" : $" module {application} {{ instance subject }}");

    /// <summary>Writes <paramref name="text"/> where an update of test <paramref name="test"/> reads it; returns the path.</summary>
    public static string NewSource(string test, string text)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "procedure-updates", test)).FullName;
        var path = Path.Combine(folder, "Subject.cs");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the node until the subject has printed <paramref name="count"/> lines.</summary>
    public static Task PrintedAsync(Node node, FakeTimeProvider time, Recorder recorder, int count) =>
        Drive.UntilAsync(node, time, () => recorder.Printed("subject").Count >= count, Step);
}
