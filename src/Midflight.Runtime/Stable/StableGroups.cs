using Midflight.Model;
using Midflight.Runtime.Hosting;
using Midflight.State;

namespace Midflight.Runtime;

/// <summary>
/// A node's stable groups and the store that keeps them: which instances are stable members, what a
/// transaction that switches them writes at its commit point, what a member writes as it commits its
/// state, and what a node started again takes back.
/// </summary>
internal sealed class StableGroups
{
    private readonly IStableStore _store;
    private readonly string _application;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, GroupSpec> _groupOf;

    private StableGroups(IStableStore store, string application, IEnumerable<GroupSpec> groups, TimeProvider time)
    {
        _store = store;
        _application = application;
        _time = time;
        _groupOf = groups.SelectMany(g => g.Members.Select(m => (Member: m, Group: g))).ToDictionary(m => m.Member, m => m.Group, StringComparer.Ordinal);
    }

    /// <summary>The stable groups of <paramref name="application"/>, kept in <paramref name="store"/>; null if it has none.</summary>
    /// <exception cref="ReconfigurationException">It has a stable group, and the node no store.</exception>
    public static StableGroups? Of(ApplicationSpec application, IStableStore? store, TimeProvider time)
    {
        var stable = application.Groups.Where(g => g.Stable).ToList();
        if (stable.Count == 0)
        {
            return null;
        }
        return store is null
            ? throw new ReconfigurationException($"group '{stable[0].Name}' is stable, but the node has no stable store to keep it in (NodeOptions.StableStore; midflight run keeps one beside the configuration); nothing runs")
            : new StableGroups(store, application.Name, stable, time);
    }

    /// <summary>The stable group <paramref name="instance"/> is a member of, or null.</summary>
    public GroupSpec? GroupOf(string instance) => _groupOf.GetValueOrDefault(instance);

    /// <summary>What the store holds of the members, by instance: what a node started again runs them from.</summary>
    /// <exception cref="ReconfigurationException">The store cannot be read; nothing runs.</exception>
    public IReadOnlyDictionary<string, StableRecord> Recover()
    {
        try
        {
            return _store.Read(_application).Where(r => _groupOf.ContainsKey(r.Instance)).ToDictionary(r => r.Instance, StringComparer.Ordinal);
        }
        catch (StableStoreException exception)
        {
            throw new ReconfigurationException($"{exception.Message}; nothing runs", exception);
        }
    }

    /// <summary>
    /// A transaction's commit point: the versions and states of the stable members it adds, written as
    /// one, so that a node that dies after this runs all of them, and one that dies before none. From
    /// here on they commit their states themselves.
    /// </summary>
    /// <exception cref="StableStoreException">Nothing was written: the transaction must not commit.</exception>
    /// <exception cref="Midflight.State.Graph.StateCaptureException">A member's state cannot be put in a snapshot.</exception>
    public void WriteSwitch(IEnumerable<ModuleHost> added)
    {
        var members = added.Where(h => _groupOf.ContainsKey(h.InstanceName)).ToList();
        if (members.Count == 0)
        {
            return;
        }
        var at = _time.GetUtcNow();
        _store.Write(_application, [.. members.Select(m => new StableRecord(_groupOf[m.InstanceName].Name, m.InstanceName, m.Spec.Name, VersionOf(m), StateOf(m), at))]);
        foreach (var member in members)
        {
            member.Stable = this;
        }
    }

    /// <summary>A member commits its state: its fields as they are now, on its own thread, durable once this returns.</summary>
    /// <exception cref="StableStoreException">Nothing was written.</exception>
    public void Commit(ModuleHost member) =>
        _store.WriteState(_application, member.InstanceName, member.Code.Image.Hash, StateOf(member), _time.GetUtcNow());

    private static StableVersion VersionOf(ModuleHost member) =>
        new(member.Spec.Source.ToString(), member.Code.Image.AssemblyPath, member.Code.Image.Bytes, member.Code.Image.Hash);

    // The fields alone: the member's stack is volatile, as Argus's guardians lose their running actions in a crash.
    private static byte[] StateOf(ModuleHost member) => SnapshotCodec.Encode(member.TakeSnapshot() with { Frames = [] });
}
