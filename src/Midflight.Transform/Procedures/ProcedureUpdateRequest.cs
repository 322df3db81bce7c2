namespace Midflight.Transform.Procedures;

/// <summary>
/// What a procedure update is compiled from: the running version's assembly and what it was built
/// against, the module's new sources, and the procedures to update.
/// </summary>
/// <param name="ModuleType">The module class's full name.</param>
/// <param name="RunningAssembly">The running version's assembly, as loaded: its private members are what the new code binds to.</param>
/// <param name="References">The assemblies the running version was built against (framework, Midflight, its own dependencies).</param>
/// <param name="Sources">The module project's sources as they are now: the new versions of the procedures, with the rest of the project for context.</param>
/// <param name="Procedures">The procedures to update, by name (every overload) or identity; empty for every procedure that changed.</param>
/// <param name="Version">This update's number for the instance, which names its assembly.</param>
public sealed record ProcedureUpdateRequest(
    string ModuleType,
    byte[] RunningAssembly,
    IReadOnlyList<string> References,
    IReadOnlyList<SourceFile> Sources,
    IReadOnlyList<string> Procedures,
    int Version)
{
    /// <summary>The slots an earlier procedure update rebound: what they run now, to compare the sources with, instead of the build's.</summary>
    public IReadOnlyDictionary<string, ProcedureAttribute> Updated { get; init; } = new Dictionary<string, ProcedureAttribute>();

    /// <summary>The fields earlier procedure updates added to the instance, with their types as C# names them.</summary>
    public IReadOnlyDictionary<string, string> AddedFields { get; init; } = new Dictionary<string, string>();
}

/// <summary>One source file: where it is (errors name it) and its text.</summary>
public sealed record SourceFile(string Path, string Text);
