using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Midflight.Runtime.Procedures;

/// <summary>
/// Which procedures are active — have an activation on the module's stack — told from the module
/// thread's own stack, walked by that thread when a switch is pending and nowhere else: the steady
/// state pays nothing for it. Procedures are called through their slots, indirect calls the JIT does
/// not inline, so every activation has a frame; a call in tail position may leave no frame for its
/// caller, which then has no code left to run and is rightly taken for inactive.
/// </summary>
internal static class ActiveProcedures
{
    private static readonly ConditionalWeakTable<MethodBase, string> Identities = [];
    private const string NotAProcedure = "";

    /// <summary>The identities of the procedures active on the calling thread.</summary>
    public static HashSet<string> OnThisThread()
    {
        var active = new HashSet<string>(StringComparer.Ordinal);
        foreach (var frame in new StackTrace(fNeedFileInfo: false).GetFrames())
        {
            if (frame.GetMethod() is { } method && IdentityOf(method) is { Length: > 0 } identity)
            {
                active.Add(identity);
            }
        }
        return active;
    }

    private static string IdentityOf(MethodBase method) =>
        Identities.GetValue(method, static m => m.GetCustomAttribute<ProcedureAttribute>()?.Identity ?? NotAProcedure);
}
