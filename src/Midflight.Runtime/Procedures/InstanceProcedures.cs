using System.Collections.Immutable;
using Midflight.Transform.Procedures;

namespace Midflight.Runtime.Procedures;

/// <summary>
/// The procedure updates of one instance: its binding table, which version each slot runs, the
/// loaded updates, and the switch pending if there is one.
/// </summary>
internal sealed class InstanceProcedures(ModuleBase module, ProcedureTable table)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProcedureVersion> _bound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProcedureAttribute> _running = new(StringComparer.Ordinal);
    private readonly List<ProcedureVersion> _loaded = [];
    private readonly Dictionary<string, string> _addedFieldTypes = new(StringComparer.Ordinal);
    private int _versions;

    public ModuleBase Module { get; } = module;

    public BindingTableView Table { get; } = new(table);

    private ProcedureSwitch? _pending;

    /// <summary>The switch under way, if any: one at a time per instance.</summary>
    public ProcedureSwitch? Pending => Volatile.Read(ref _pending);

    /// <returns>Whether it is under way now; false if another switch is.</returns>
    public bool Begin(ProcedureSwitch pending) => Interlocked.CompareExchange(ref _pending, pending, null) is null;

    /// <summary>The switch is over (done or given up): the next may begin; its version goes if no slot binds it.</summary>
    public void Ended(ProcedureSwitch pending)
    {
        Interlocked.CompareExchange(ref _pending, null, pending);
        UnloadUnbound();
    }

    /// <summary>The number of the next update; a dry run (<paramref name="reserve"/> false) only looks at it, and the update after it takes the same number.</summary>
    public int NextVersion(bool reserve = true) => reserve ? Interlocked.Increment(ref _versions) : Volatile.Read(ref _versions) + 1;

    /// <summary>Each slot that runs updated code, with the number of the update it runs.</summary>
    public ImmutableSortedDictionary<string, int> Versions
    {
        get
        {
            lock (_gate)
            {
                return _bound.ToImmutableSortedDictionary(b => b.Key, b => b.Value.Number, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>What each rebound slot runs now, as its update described it.</summary>
    public IReadOnlyDictionary<string, ProcedureAttribute> Updated
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, ProcedureAttribute>(_running, StringComparer.Ordinal);
            }
        }
    }

    public void Loaded(ProcedureVersion version)
    {
        lock (_gate)
        {
            _loaded.Add(version);
        }
    }

    /// <summary>
    /// Gives a loaded update the boxes of the fields it adds: the table's, or new ones with their
    /// initial values. A field a version made is forgotten again if none of its code ever runs.
    /// </summary>
    public void AddFields(ProcedureVersion version, IReadOnlyList<AddedField> fields)
    {
        foreach (var field in fields)
        {
            if (field.Mapper is not null)
            {
                version.PrepareMapped(field);
                continue;
            }
            version.AttachField(field, table);
            lock (_gate)
            {
                _addedFieldTypes.TryAdd(field.Name, field.Type);
            }
        }
    }

    /// <summary>On the module's thread, before a step's slots are rebound: converts the fields its procedures use in their new type.</summary>
    /// <exception cref="ReconfigurationException">A mapper threw: the step must not switch.</exception>
    public void MapFieldsOf(ProcedureVersion version, IReadOnlyCollection<string> slots)
    {
        foreach (var field in version.MappedBefore(slots))
        {
            version.Map(field.Name, Module, table);
            lock (_gate)
            {
                _addedFieldTypes[field.Name] = field.Type;
            }
        }
    }

    /// <summary>The fields procedure updates added, with their types as C# names them: what a next update compiles against.</summary>
    public IReadOnlyDictionary<string, string> AddedFieldTypes
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, string>(_addedFieldTypes, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The fields procedure updates added, as the instance holds them now.</summary>
    public IReadOnlyList<(string Name, Type Type, object? Value)> AddedFields => table.AddedFields;

    public void Bind(string slot, Delegate implementation, ProcedureVersion version)
    {
        version.Switched = true;
        Table.Bind(slot, implementation);
        lock (_gate)
        {
            _bound[slot] = version;
            _running[slot] = implementation.Method.GetCustomAttributes(typeof(ProcedureAttribute), inherit: false).Cast<ProcedureAttribute>().Single();
        }
    }

    /// <summary>Unloads the updates no slot binds any more (superseded, or never switched).</summary>
    public void UnloadUnbound()
    {
        lock (_gate)
        {
            foreach (var version in _loaded.Where(v => !_bound.ContainsValue(v) && Pending?.Version != v).ToList())
            {
                if (!version.Switched && version.CreatedFields.Count > 0)
                {
                    table.ForgetAdded(version.CreatedFields);
                    foreach (var name in version.CreatedFields)
                    {
                        _addedFieldTypes.Remove(name);
                    }
                }
                version.Unload();
                _loaded.Remove(version);
            }
        }
    }

    /// <summary>The loaded updates: those a slot binds, and the one of the switch under way.</summary>
    public IReadOnlyList<ProcedureVersion> LoadedVersions
    {
        get
        {
            lock (_gate)
            {
                return [.. _loaded];
            }
        }
    }
}
