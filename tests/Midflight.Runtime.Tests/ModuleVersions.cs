using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Midflight.Model;
using Midflight.Transform.Preparation;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Builds new versions of a module the way its project's build would — prepared by Midflight, its
/// specification carried in the assembly — from sources in memory, so that a test can write the
/// version it needs as the running code with one change.
/// </summary>
internal static class ModuleVersions
{
    private static readonly MetadataReference[] References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(typeof(Module).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(State.Snapshot).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ModuleSpec).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
    ];

    private const string Usings = "global using System; global using System.Collections.Generic; global using System.Linq;";

    /// <summary>Builds <paramref name="files"/> against <paramref name="specification"/> into <c>versions/NAME.dll</c>; returns its source for an update.</summary>
    public static ModuleSource Build(string name, string specification, params (string Path, string Text)[] files)
    {
        var parsed = ConfigurationParser.Parse(specification, "version.mil");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Diagnostics));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(name,
            files.Append(("Usings.cs", Usings)).Select(f => CSharpSyntaxTree.ParseText(f.Item2, options, f.Item1)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var prepared = ModulePreparer.Prepare(compilation, parsed.Configuration!.Modules, "version.mil");
        Assert.True(prepared.Succeeded, string.Join("\n", prepared.Diagnostics));
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "versions")).FullName;
        var emitted = ModulePreparer.Apply(compilation, prepared).Emit(Path.Combine(folder, name + ".dll"));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return new ModuleSource($"versions/{name}.dll", parsed.Configuration.Modules[0].Source.TypeName);
    }
}
