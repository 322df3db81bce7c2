using Midflight.Runtime;

namespace Midflight.Benchmarks;

/// <summary>Drops what modules print: a harness that times updates wants no console in the way.</summary>
internal sealed class SilentOutput : IModuleOutput
{
    public void Print(string instance, string text)
    {
    }
}
