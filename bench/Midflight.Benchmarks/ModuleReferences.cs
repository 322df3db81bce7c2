using Microsoft.CodeAnalysis;
using Midflight.Model;

namespace Midflight.Benchmarks;

/// <summary>What a module project compiles against: the framework and the assemblies a module shares with the node.</summary>
internal static class ModuleReferences
{
    public static IEnumerable<MetadataReference> All { get; } =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
        .. new[] { typeof(Module), typeof(State.Snapshot), typeof(ModuleSpec), typeof(Microsoft.Extensions.Logging.ILogger) }
            .Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)),
    ];
}
