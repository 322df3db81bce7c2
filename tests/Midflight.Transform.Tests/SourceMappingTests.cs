using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Midflight.Transform.Preparation;
using Midflight.Transform.Tests.Differential;

namespace Midflight.Transform.Tests;

/// <summary>
/// The compiler, the debugger and a stack trace see the prepared file, but the user wrote the
/// original: what they report points at the user's file and line.
/// </summary>
public sealed class SourceMappingTests
{
    private const string Path = "/src/Demo/Worker.cs";

    // Line numbers below are 1-based, as a build prints them.
    private const string Worker = """
        namespace Demo;
        public sealed class Worker : Midflight.Module
        {
            protected override void Run()
            {
                var total = 0;
                for (var i = 0; i < 3; i++)
                {
                    total += Step(i);
                }
                Print(total.ToString());
            }

            private int Step(int i)
            {
                var doubled = i * 2;
            R:
                Print(doubled.ToString());
                {{LINE19}}
                return doubled + 1;
            }
        }
        """;

    private static Compilation Prepared(string line19)
    {
        var compilation = ModuleSources.CompileWithErrors((Path, Worker.Replace("{{LINE19}}", line19, StringComparison.Ordinal)));
        var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Worker", "R")], "demo.mil");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return ModulePreparer.Apply(compilation, result);
    }

    private static string Where(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {diagnostic.Id}";
    }

    [Fact]
    public void A_compile_error_in_a_method_with_a_point_is_reported_at_the_user_s_file_and_line()
    {
        var diagnostics = Prepared("""int wrong = "text";""").GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Where);

        Assert.Equal([$"{Path}(19,21): CS0029"], diagnostics);
    }

    [Fact]
    public void A_warning_in_the_user_s_code_is_still_reported_at_the_user_s_line()
    {
        var diagnostics = Prepared("doubled = doubled;").GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning).Select(Where);

        Assert.Equal([$"{Path}(19,9): CS1717"], diagnostics);
    }

    [Fact]
    public void An_exception_from_a_prepared_method_has_the_user_s_file_and_line_in_its_stack_trace()
    {
        var compilation = Prepared("""if (i == 1) throw new InvalidOperationException("boom");""");
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var module = (Module)Activator.CreateInstance(Assembly.Load(image.ToArray()).GetType("Demo.Worker", throwOnError: true)!)!;
        var port = new ScriptedPort(new HashSet<int>());
        module.Attach(port);
        port.Context = module.Participation;

        var thrown = Assert.Throws<InvalidOperationException>(module.Run);

        var frames = new StackTrace(thrown, fNeedFileInfo: true).GetFrames()
            .Where(f => f.GetMethod()?.DeclaringType?.FullName == "Demo.Worker")
            .Select(f => $"{f.GetMethod()!.Name} {f.GetFileName()}:{f.GetFileLineNumber()}");
        Assert.Equal([$"Step {Path}:19", $"Run {Path}:9"], frames);
    }

    /// <summary>
    /// Every warning of a corpus program as written, and no other, is reported for it prepared, at the
    /// same place: the user's positions survive every pass, and the generated code adds no warning. All
    /// but one: a point's label, which C# finds unused (CS0164), is used by the prepared code.
    /// </summary>
    [Theory]
    [MemberData(nameof(Programs))]
    public void A_prepared_corpus_program_warns_as_written_and_where_written(string name)
    {
        var text = File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Corpus", name + ".cs"));
        var points = System.Text.RegularExpressions.Regex.Match(text, @"//\s*points:\s*(.*)").Groups[1].Value
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var compilation = ModuleSources.Compile((name + ".cs", text));
        var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Corpus." + name, points)], name + ".mil");

        var prepared = ModulePreparer.Apply(compilation, result);

        Assert.Equal(Warnings(compilation).Where(w => !w.EndsWith("CS0164", StringComparison.Ordinal)), Warnings(prepared));
    }

    private static List<string> Warnings(Compilation compilation) =>
        [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning).Select(Where).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Programs => [.. CorpusProgram.Names];
}
