using System.CommandLine;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Midflight.Model;
using Midflight.Model.Diagnostics;
using Midflight.Transform.Preparation;
using Diagnostic = Midflight.Model.Diagnostics.Diagnostic;

namespace Midflight.Build;

/// <summary>
/// Prepares a module project's sources before the compiler sees them: parses them as the project
/// would, finds the modules its specifications name, writes each prepared file (and the
/// reconfiguration graphs, for people to read) to the output folder, and lists the originals they
/// replace. Errors are written the way MSBuild recognises, so they show as build errors on their lines.
/// </summary>
internal static class PrepareCommand
{
    /// <summary>The generated source that carries the module specifications into the assembly; the build targets compile it.</summary>
    public const string SpecificationsFile = "MidflightSpecifications.g.cs";

    public static RootCommand Create(TextWriter output, TextWriter errors)
    {
        var specifications = new Option<FileInfo[]>("--specification") { Required = true, AllowMultipleArgumentsPerToken = true, Description = "the .mil files that name the modules and their reconfiguration points" };
        var sources = new Option<FileInfo[]>("--source") { AllowMultipleArgumentsPerToken = true, Description = "the project's C# sources" };
        var references = new Option<FileInfo[]>("--reference") { AllowMultipleArgumentsPerToken = true, Description = "the assemblies the project compiles against" };
        var defines = new Option<string>("--define") { DefaultValueFactory = _ => "", Description = "the project's DefineConstants" };
        var languageVersion = new Option<string>("--lang-version") { DefaultValueFactory = _ => "latest" };
        var nullable = new Option<string>("--nullable") { DefaultValueFactory = _ => "disable" };
        var outputDirectory = new Option<DirectoryInfo>("--output") { Required = true, Description = "where prepared sources are written (under obj/)" };
        var manifest = new Option<FileInfo>("--manifest") { Required = true, Description = "the file listing the sources replaced by prepared ones" };
        var command = new RootCommand("Prepares module sources for automatic participation (run by the build).")
        {
            specifications, sources, references, defines, languageVersion, nullable, outputDirectory, manifest,
        };
        command.SetAction(parse =>
        {
            var request = new PrepareRequest(
                parse.GetValue(specifications)!, parse.GetValue(sources) ?? [], parse.GetValue(references) ?? [],
                parse.GetValue(defines)!, parse.GetValue(languageVersion)!, parse.GetValue(nullable)!,
                parse.GetValue(outputDirectory)!, parse.GetValue(manifest)!);
            return Run(request, output, errors);
        });
        return command;
    }

    private sealed record PrepareRequest(
        FileInfo[] Specifications, FileInfo[] Sources, FileInfo[] References, string Defines, string LanguageVersion,
        string Nullable, DirectoryInfo Output, FileInfo Manifest);

    private static int Run(PrepareRequest request, TextWriter output, TextWriter errors)
    {
        var modules = new List<ModuleSpec>();
        var failed = false;
        foreach (var file in request.Specifications)
        {
            var parsed = ConfigurationParser.Parse(File.ReadAllText(file.FullName), file.FullName);
            failed |= Report(parsed.Diagnostics, errors);
            modules.AddRange(parsed.Configuration?.Modules ?? []);
        }
        if (failed)
        {
            return 1;
        }

        var version = LanguageVersionFacts.TryParse(request.LanguageVersion, out var requested) && requested != LanguageVersion.Default ? requested : LanguageVersion.Latest;
        var parseOptions = new CSharpParseOptions(version,
            preprocessorSymbols: request.Defines.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var compilation = CSharpCompilation.Create("Module",
            request.Sources.Select(s => CSharpSyntaxTree.ParseText(File.ReadAllText(s.FullName), parseOptions, s.FullName, Encoding.UTF8)),
            request.References.Select(r => MetadataReference.CreateFromFile(r.FullName)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: Enum.TryParse<NullableContextOptions>(request.Nullable, ignoreCase: true, out var nullable) ? nullable : NullableContextOptions.Disable,
                allowUnsafe: true));

        var result = ModulePreparer.Prepare(compilation, modules, request.Specifications[0].FullName);
        if (Report(result.Diagnostics, errors))
        {
            return 1;
        }
        request.Output.Create();
        var written = new List<string>();
        foreach (var file in result.Files)
        {
            var name = Path.GetFileName(file.OriginalPath);
            if (written.Any(w => Path.GetFileName(w) == name))
            {
                errors.WriteLine($"{file.OriginalPath}(1,1): error {DiagnosticCodes.PreparedFileNameClash}: two prepared sources are both named '{name}'; rename one of them");
                return 1;
            }
            File.WriteAllText(Path.Combine(request.Output.FullName, name), file.Text);
            written.Add(file.OriginalPath);
        }
        foreach (var graph in result.Graphs)
        {
            File.WriteAllText(Path.Combine(request.Output.FullName, graph.Entry.ContainingType.Name + ".graph.txt"), graph.ToString());
        }
        // Always rewritten, so that a specification removed from the project does not linger in it.
        File.WriteAllText(Path.Combine(request.Output.FullName, SpecificationsFile), result.Specifications ?? "");
        File.WriteAllLines(request.Manifest.FullName, written);
        output.WriteLine($"Midflight prepared {result.Graphs.Count} module(s) in {written.Count} file(s): {request.Output.FullName}");
        return 0;
    }

    /// <returns>Whether any was an error.</returns>
    private static bool Report(IEnumerable<Diagnostic> diagnostics, TextWriter errors)
    {
        var failed = false;
        foreach (var diagnostic in diagnostics)
        {
            // MSBuild's canonical form, so that the build lists it as an error on its line.
            var location = diagnostic.Location;
            errors.WriteLine($"{location.File}({location.Line},{location.Column}): {(diagnostic.IsError ? "error" : "warning")} {diagnostic.Code}: {diagnostic.Message}");
            failed |= diagnostic.IsError;
        }
        return failed;
    }
}
