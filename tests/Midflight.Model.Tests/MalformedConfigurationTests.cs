using Midflight.Model.Diagnostics;

namespace Midflight.Model.Tests;

/// <summary>
/// Each case is a configuration with one mistake. The character '▸' marks where the error must be
/// reported; it is removed before parsing, and its line and column are the expected location.
/// </summary>
public sealed class MalformedConfigurationTests
{
    private const string Modules = """
        module a { source = "A.csproj#A.Module" :: define interface out pattern = {integer} :: }
        module b { source = "B.dll#B.Module" :: use interface in pattern = {integer} :: }
        module c { source = "C.dll#C.Module" :: client interface ask pattern = {integer} accepts {~float} :: }
        module d { source = "D.dll#D.Module" :: server interface answer pattern = {~integer} returns {float} :: }

        """;

    public static TheoryData<string, string> Cases => new()
    {
        { DiagnosticCodes.UnexpectedCharacter, Modules + "module app { instance a ▸$ }" },
        { DiagnosticCodes.UnterminatedString, "module a { source = ▸\"A.csproj#A\n}" },
        { DiagnosticCodes.UnterminatedComment, Modules + "module app { instance a } ▸/* never closed" },
        { DiagnosticCodes.InvalidEscape, "module a { source = \"A.csproj#A▸\\q\" }" },
        { DiagnosticCodes.UnexpectedToken, "module ▸{ source = \"A.csproj#A\" }" },
        { DiagnosticCodes.UnexpectedToken, Modules + "module app { instance a\n  bind \"a out\" ▸}" },
        { DiagnosticCodes.UnexpectedToken, Modules + "module app { instance a ▸" },
        { DiagnosticCodes.UnexpectedToken, "▸modul a { }" },
        { DiagnosticCodes.UnknownType, "module a { source = \"A.csproj#A\" :: define interface out pattern = {▸integr} :: }" },
        { DiagnosticCodes.UnknownStatement, "module a { source = \"A.csproj#A\" :: ▸frobnicate out :: }" },
        { DiagnosticCodes.DuplicateModule, Modules + "module ▸a { source = \"A.dll#A\" }\nmodule app { instance b }" },
        { DiagnosticCodes.DuplicateInterface, "module a { source = \"A.dll#A\" :: use interface x pattern = {integer} :: define interface ▸x pattern = {integer} }\nmodule app { instance a }" },
        { DiagnosticCodes.DuplicateAttribute, "module a { source = \"A.dll#A\" :: machine = \"h1\" :: ▸machine = \"h2\" }\nmodule app { instance a }" },
        { DiagnosticCodes.DuplicateReconfigurationPoint, "module a { source = \"A.dll#A\" :: reconfiguration point = {R, ▸R} }\nmodule app { instance a }" },
        { DiagnosticCodes.MissingSource, "module ▸a { machine = \"h1\" }\nmodule app { instance a }" },
        { DiagnosticCodes.MalformedSource, "module a { source = ▸\"./compute.exe\" }\nmodule app { instance a }" },
        { DiagnosticCodes.MalformedSource, "module a { source = ▸\"Compute.csproj#\" }\nmodule app { instance a }" },
        { DiagnosticCodes.MissingPattern, "module a { source = \"A.dll#A\" :: use interface ▸x :: }\nmodule app { instance a }" },
        { DiagnosticCodes.DuplicatePatternClause, "module a { source = \"A.dll#A\" :: use interface x pattern = {integer} ▸pattern = {float} }\nmodule app { instance a }" },
        { DiagnosticCodes.ClauseNotAllowed, "module a { source = \"A.dll#A\" :: define interface x pattern = {integer} ▸accepts {float} }\nmodule app { instance a }" },
        { DiagnosticCodes.DuplicatePatternClause, "module a { source = \"A.dll#A\" :: use interface x pattern = {integer} capacity = 5 ▸capacity = 6 }\nmodule app { instance a }" },
        { DiagnosticCodes.ClauseNotAllowed, "module a { source = \"A.dll#A\" :: define interface x pattern = {integer} ▸capacity = 5 }\nmodule app { instance a }" },
        { DiagnosticCodes.ClauseNotAllowed, "module a { source = \"A.dll#A\" :: client interface x pattern = {integer} accepts {~float} ▸capacity = 5 }\nmodule app { instance a }" },
        { DiagnosticCodes.InvalidCapacity, "module a { source = \"A.dll#A\" :: use interface x pattern = {integer} capacity = ▸0 }\nmodule app { instance a }" },
        { DiagnosticCodes.InvalidCapacity, "module a { source = \"A.dll#A\" :: server interface x pattern = {~integer} returns {integer} capacity = ▸2.5 }\nmodule app { instance a }" },
        { DiagnosticCodes.InvalidCapacity, "module a { source = \"A.dll#A\" :: use interface x pattern = {integer} capacity ▸-1 }\nmodule app { instance a }" },
        { DiagnosticCodes.InvalidCapacity, "module a { source = \"A.dll#A\" :: use interface x pattern = {integer} capacity = ▸1000000001 }\nmodule app { instance a }" },
        { DiagnosticCodes.UnexpectedToken, "module a { source = \"A.dll#A\" :: use interface x pattern = {integer} capacity = ▸many }\nmodule app { instance a }" },
        { DiagnosticCodes.MissingReplyPattern, "module a { source = \"A.dll#A\" :: client interface ▸x pattern = {integer} }\nmodule app { instance a }" },
        { DiagnosticCodes.ReceivedMarkOnSentField, "module a { source = \"A.dll#A\" :: define interface x pattern = {integer, ▸~float} }\nmodule app { instance a }" },
        { DiagnosticCodes.ReceivedMarkOnSentField, "module a { source = \"A.dll#A\" :: server interface x pattern = {~integer} returns {▸~float} }\nmodule app { instance a }" },
        { DiagnosticCodes.MixedBlock, Modules + "module app { instance a\n  ▸machine = \"h1\" }" },
        { DiagnosticCodes.NoApplication, "module ▸a { source = \"A.dll#A\" }" },
        { DiagnosticCodes.SeveralApplications, Modules + "module app { instance a }\nmodule ▸app2 { instance b }" },
        { DiagnosticCodes.DuplicateInstance, Modules + "module app { instance a\n  instance ▸a }" },
        { DiagnosticCodes.UnknownModule, Modules + "module app { instance a\n  instance x : ▸nothing }" },
        { DiagnosticCodes.UnknownModule, Modules + "module app { instance a\n  instance ▸app }" },
        { DiagnosticCodes.MalformedEndpoint, Modules + "module app { instance a instance b\n  bind ▸\"a\" \"b in\" }" },
        { DiagnosticCodes.UnknownInstance, Modules + "module app { instance a\n  bind \"a out\" ▸\"b in\" }" },
        { DiagnosticCodes.UnknownInterface, Modules + "module app { instance a instance b\n  bind \"a out\" ▸\"b inn\" }" },
        { DiagnosticCodes.DirectionsCannotBind, Modules + "module app { instance a instance d\n  ▸bind \"a out\" \"d answer\" }" },
        { DiagnosticCodes.DirectionsCannotBind, Modules + "module app { instance b instance b2 : b\n  ▸bind \"b in\" \"b2 in\" }" },
        { DiagnosticCodes.PatternMismatch, Modules + "module e { source = \"E.dll#E\" :: use interface in pattern = {float} }\nmodule app { instance a instance e\n  ▸bind \"a out\" \"e in\" }" },
        { DiagnosticCodes.PatternMismatch, Modules + "module e { source = \"E.dll#E\" :: server interface s pattern = {integer} returns {string} }\nmodule app { instance c instance e\n  ▸bind \"c ask\" \"e s\" }" },
        { DiagnosticCodes.DuplicateBinding, Modules + "module app { instance a instance b\n  bind \"a out\" \"b in\"\n  ▸bind \"b in\" \"a out\" }" },
        { DiagnosticCodes.DuplicateGroup, Modules + "module app { instance a instance b\n  group g {a}\n  group ▸g {b} }" },
        { DiagnosticCodes.DuplicateGroup, Modules + "module app { instance a instance b\n  group ▸b {a} }" },
        { DiagnosticCodes.UnknownGroupMember, Modules + "module app { instance a instance b\n  group g {a, ▸bb} stable }" },
        { DiagnosticCodes.MemberOfTwoGroups, Modules + "module app { instance a instance b\n  group g {a, b}\n  group h {▸a} }" },
        { DiagnosticCodes.MemberOfTwoGroups, Modules + "module app { instance a instance b\n  group g {a, b, ▸a} }" },
        { DiagnosticCodes.UnexpectedToken, Modules + "module app { instance a instance b\n  group g {a ▸b} }" },
        { DiagnosticCodes.UnexpectedToken, Modules + "module app { instance a instance b\n  group g {▸} }" },
        { DiagnosticCodes.ClientBoundTwice, Modules + "module app { instance c instance d instance d2 : d\n  bind \"c ask\" \"d answer\"\n  ▸bind \"c ask\" \"d2 answer\" }" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_mistake_is_reported_once_with_its_code_file_line_and_column(string code, string marked)
    {
        var (text, line, column) = Unmark(marked);

        var result = ConfigurationParser.Parse(text, "app.mil");

        Assert.Null(result.Configuration);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(new SourceLocation("app.mil", line, column), diagnostic.Location);
        Assert.StartsWith($"app.mil:{line}:{column}: error {code}: ", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_separate_statements_are_all_reported()
    {
        var result = ConfigurationParser.Parse("""
            module a {
              source = "A.dll#A" ::
              use interface x pattern = {integr} ::
              define interface y pattern = {floot} ::
            }
            """, "two.mil");

        Assert.Equal(["two.mil:3:30", "two.mil:4:33"], result.Diagnostics.Select(d => d.Location.ToString()));
    }

    [Fact]
    public void A_malformed_source_a_missing_interface_and_a_pattern_mismatch_are_reported_together_with_their_lines()
    {
        var result = ConfigurationParser.Parse("""
            module a { source = "A.csproj" :: define interface out pattern = {integer} :: }
            module b { source = "B.dll#B.Module" :: use interface in pattern = {integer} :: }
            module e { source = "E.dll#E" :: use interface in pattern = {float} :: }
            module app { instance a instance b instance e
              bind "a out" "b inn"
              bind "a out" "e in" }
            """, "three.mil");

        Assert.Equal(
            [
                $"three.mil:1:21: error {DiagnosticCodes.MalformedSource}",
                $"three.mil:5:16: error {DiagnosticCodes.UnknownInterface}",
                $"three.mil:6:3: error {DiagnosticCodes.PatternMismatch}",
            ],
            result.Diagnostics.Select(d => $"{d.Location}: error {d.Code}"));
        Assert.Null(result.Configuration);
    }

    [Fact]
    public void What_an_error_leaves_unknown_is_not_reported_again()
    {
        var result = ConfigurationParser.Parse("""
            module a { source = "A.csproj" :: define interface out pattern = {integer, ~float} :: }
            module b { source = "B.dll#B.Module" :: use interface in pattern = {integer} :: }
            module app { instance a instance b instance x : nothing instance x
              bind "a out" "b in"
              bind "x out" "b in" }
            """, "cascade.mil");

        // The source, the '~' that breaks 'out', the unknown module and the second 'x': not the bindings to 'a out' or to 'x'.
        Assert.Equal(
            [DiagnosticCodes.MalformedSource, DiagnosticCodes.ReceivedMarkOnSentField, DiagnosticCodes.UnknownModule, DiagnosticCodes.DuplicateInstance],
            result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Both_sides_of_a_binding_are_checked()
    {
        var result = ConfigurationParser.Parse(Modules + "module app { instance a instance b\n  bind \"a outt\" \"b inn\" }", "app.mil");

        Assert.Equal([DiagnosticCodes.UnknownInterface, DiagnosticCodes.UnknownInterface], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Messages_name_what_is_wrong()
    {
        var result = ConfigurationParser.Parse(Modules + "module app { instance a instance b\n bind \"a out\" \"b inn\" }", "app.mil");

        Assert.Contains("module 'b' of instance 'b' has no interface 'inn'", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    private static (string Text, int Line, int Column) Unmark(string marked)
    {
        var at = marked.IndexOf('▸', StringComparison.Ordinal);
        Assert.True(at >= 0, "the case has no ▸ marker");
        var before = marked[..at];
        var line = before.Count(c => c == '\n') + 1;
        var column = at - (before.LastIndexOf('\n') + 1) + 1;
        return (marked.Remove(at, 1), line, column);
    }
}
