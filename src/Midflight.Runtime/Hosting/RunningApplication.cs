using System.Collections.Immutable;
using Midflight.Model;

namespace Midflight.Runtime.Hosting;

/// <summary>The module instances of a node and the bindings between them, at one moment.</summary>
internal sealed record ApplicationState(ImmutableDictionary<string, ModuleHost> Hosts, ImmutableArray<BindingSpec> Bindings)
{
    public static ApplicationState Empty { get; } = new(ImmutableDictionary.Create<string, ModuleHost>(StringComparer.Ordinal), []);

    public IReadOnlyDictionary<string, ModuleSpec> Specs => Hosts.ToDictionary(h => h.Key, h => h.Value.Spec);
}

/// <summary>
/// What a node runs. Reconfigurations (one at a time) publish a whole new state with one volatile
/// write, so a reader on another thread — a status request — sees the state before a commit or the
/// one after, never a mixture.
/// </summary>
internal sealed class RunningApplication
{
    private ApplicationState _state = ApplicationState.Empty;

    public ApplicationState State
    {
        get => Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, value);
    }
}
