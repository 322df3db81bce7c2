using Midflight.Model.Diagnostics;

namespace Midflight.Model;

/// <summary>
/// Which interfaces can be bound: a define to a use, a client to a server, with patterns of the same
/// shape. The configuration binder and the runtime's reconfiguration both ask here, so a binding a
/// configuration file may not make, a reconfiguration may not make either.
/// </summary>
public static class BindingRules
{
    /// <summary>
    /// Checks that <paramref name="a"/> and <paramref name="b"/> can be bound, in either order, and gives
    /// the binding with its outgoing side first.
    /// </summary>
    public static BindingProblem? Check(Endpoint a, InterfaceSpec ia, Endpoint b, InterfaceSpec ib, out BindingSpec binding)
    {
        binding = ia.Kind.IsOutgoing() ? new BindingSpec(a, b) : new BindingSpec(b, a);
        var (from, to) = ia.Kind.IsOutgoing() ? (ia, ib) : (ib, ia);
        if (!from.Kind.IsOutgoing() || to.Kind != from.Kind.Counterpart())
        {
            return new BindingProblem(DiagnosticCodes.DirectionsCannotBind,
                $"'{a}' ({ia.Kind.Keyword()}) cannot be bound to '{b}' ({ib.Kind.Keyword()}): a define binds to a use, a client to a server");
        }
        if (!from.Pattern.SameShapeAs(to.Pattern))
        {
            return Mismatch(from.Kind == InterfaceKind.Client ? "request pattern" : "pattern", binding.From, from.Pattern, binding.To, to.Pattern);
        }
        if (from.Kind == InterfaceKind.Client && from.Accepts is { } accepts && to.Returns is { } returns && !returns.SameShapeAs(accepts))
        {
            return Mismatch("reply pattern", binding.To, returns, binding.From, accepts);
        }
        return null;
    }

    private static BindingProblem Mismatch(string what, Endpoint sender, Pattern sent, Endpoint receiver, Pattern received) =>
        new(DiagnosticCodes.PatternMismatch,
            $"{what} {sent} sent by '{sender}' does not match {received} received by '{receiver}'");
}
