using System.Runtime.CompilerServices;

namespace Midflight;

/// <summary>
/// The binding table of one module instance: the build generates a subclass per module class with
/// one delegate field per procedure, marked <see cref="ProcedureAttribute"/>, which the module's
/// calls go through. The runtime rebinds a field to switch its procedure to new code.
/// </summary>
/// <remarks>
/// The table also keeps the fields procedure updates added: the instance's class cannot grow a field
/// while it runs, so each lives in a box here, which the new code reads and writes and a snapshot of
/// the instance carries as one of its fields.
/// </remarks>
public abstract class ProcedureTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IStrongBox> _added = new(StringComparer.Ordinal);

    /// <summary>The box of an added field, made with <paramref name="initial"/> the first time an update adds it.</summary>
    /// <exception cref="InvalidOperationException">An earlier update added the field with another type.</exception>
    internal IStrongBox AddedField(string name, Type type, Func<object?> initial)
    {
        lock (_gate)
        {
            if (_added.TryGetValue(name, out var box))
            {
                return TypeOf(box) == type
                    ? box
                    : throw new InvalidOperationException($"field '{name}' was added by an earlier procedure update as {TypeOf(box)}, not {type}");
            }
            box = (IStrongBox)Activator.CreateInstance(typeof(StrongBox<>).MakeGenericType(type), initial())!;
            _added.Add(name, box);
            return box;
        }
    }

    /// <summary>The box of field <paramref name="name"/>, if an update added or converted it.</summary>
    internal IStrongBox? AddedBox(string name)
    {
        lock (_gate)
        {
            return _added.GetValueOrDefault(name);
        }
    }

    /// <summary>Puts the box a mapper has just filled in the place of field <paramref name="name"/>: from now on it is the field.</summary>
    internal void BindAdded(string name, IStrongBox box)
    {
        lock (_gate)
        {
            _added[name] = box;
        }
    }

    /// <summary>Forgets fields an update added that never ran: it gave up before any of its code was switched in.</summary>
    internal void ForgetAdded(IEnumerable<string> names)
    {
        lock (_gate)
        {
            foreach (var name in names)
            {
                _added.Remove(name);
            }
        }
    }

    /// <summary>The added fields: name, declared type, value.</summary>
    internal IReadOnlyList<(string Name, Type Type, object? Value)> AddedFields
    {
        get
        {
            lock (_gate)
            {
                return [.. _added.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, TypeOf(a.Value), a.Value.Value))];
            }
        }
    }

    /// <summary>The field's type: T of its <see cref="StrongBox{T}"/>.</summary>
    private static Type TypeOf(IStrongBox box) => box.GetType().GetGenericArguments()[0];
}
