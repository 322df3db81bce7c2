using System.Runtime.CompilerServices;

namespace Midflight.Runtime.Tests;

/// <summary>How tests prove that unloaded code goes away: collect until its load context is dead, or give up.</summary>
internal static class Collected
{
    /// <summary>Collects until <paramref name="context"/> is dead, twenty times at most (a collectible context takes a few).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Collect(WeakReference context)
    {
        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
