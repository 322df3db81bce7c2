using System.Reflection;

namespace Midflight.Runtime.Procedures;

/// <summary>One module instance's binding table as the runtime sees it: its slots by procedure identity.</summary>
internal sealed class BindingTableView
{
    private readonly ProcedureTable _table;
    private readonly Dictionary<string, (FieldInfo Field, ProcedureAttribute Procedure)> _slots;

    public BindingTableView(ProcedureTable table)
    {
        _table = table;
        _slots = table.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public)
            .Select(f => (Field: f, Procedure: f.GetCustomAttribute<ProcedureAttribute>()))
            .Where(s => s.Procedure is not null)
            .ToDictionary(s => s.Procedure!.Identity, s => (s.Field, s.Procedure!), StringComparer.Ordinal);
    }

    /// <summary>The procedures of the table, by identity, as the running version's build described them.</summary>
    public IEnumerable<string> Identities => _slots.Keys;

    public bool Has(string identity) => _slots.ContainsKey(identity);

    /// <summary>The delegate type of a slot: what a new procedure must be bound as.</summary>
    public Type SlotType(string identity) => _slots[identity].Field.FieldType;

    /// <summary>Rebinds a slot. Only the module's own thread does, between its bus operations: its calls never see a slot half-set.</summary>
    public void Bind(string identity, Delegate implementation) => _slots[identity].Field.SetValue(_table, implementation);
}
