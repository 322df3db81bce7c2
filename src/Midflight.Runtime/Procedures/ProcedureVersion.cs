using System.Reflection;
using System.Runtime.CompilerServices;
using Midflight.Transform.Procedures;

namespace Midflight.Runtime.Procedures;

/// <summary>One procedure update of one instance, loaded: its number, its assembly in a context of its own.</summary>
internal sealed class ProcedureVersion
{
    private ProcedureLoadContext? _context;
    private Type? _class;

    public ProcedureVersion(int number, ProcedureLoadContext context, Type versionClass)
    {
        Number = number;
        _context = context;
        _class = versionClass;
        ContextReference = new WeakReference(context, trackResurrection: true);
    }

    public int Number { get; }

    /// <summary>Becomes dead once the version is unloaded and collected: how tests prove old code goes away.</summary>
    public WeakReference ContextReference { get; }

    public bool IsUnloaded => _context is null;

    /// <summary>Whether a slot was ever bound to this version's code: from then on, the fields it added may hold what it wrote.</summary>
    public bool Switched { get; set; }

    /// <summary>The added fields whose boxes this version made, rather than found in the table.</summary>
    public List<string> CreatedFields { get; } = [];

    private readonly Dictionary<string, (AddedField Field, IStrongBox Box, MethodInfo Mapper)> _mapped = new(StringComparer.Ordinal);

    /// <summary>Gives the update a box of its own for a field whose type it changes: the mapper fills it when the field's users switch.</summary>
    public void PrepareMapped(AddedField field)
    {
        var versionClass = _class ?? throw new ObjectDisposedException($"procedure version {Number}");
        var boxField = versionClass.GetField(field.Box, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingFieldException(versionClass.FullName, field.Box);
        var mapper = versionClass.GetMethod(field.Mapper!, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(versionClass.FullName, field.Mapper);
        var box = (IStrongBox)Activator.CreateInstance(boxField.FieldType)!;
        boxField.SetValue(null, box);
        _mapped.Add(field.Name, (field, box, mapper));
    }

    /// <summary>The fields whose mappers run before the step that switches <paramref name="slots"/>.</summary>
    public IReadOnlyList<AddedField> MappedBefore(IReadOnlyCollection<string> slots) =>
        [.. _mapped.Values.Where(m => m.Field.Users.Any(slots.Contains)).Select(m => m.Field)];

    /// <summary>Runs a field's mapper on the running field's value, and makes its box the field.</summary>
    /// <exception cref="ReconfigurationException">The mapper threw; the field is as it was.</exception>
    public void Map(string field, ModuleBase instance, ProcedureTable table)
    {
        var (_, box, mapper) = _mapped[field];
        // The field as the instance holds it now: the box an earlier update gave it, or the class's field.
        var old = table.AddedBox(field) is { } boxed
            ? boxed.Value
            : (instance.GetType().GetField(field, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                ?? throw new MissingFieldException(instance.GetType().FullName, field)).GetValue(instance);
        try
        {
            mapper.Invoke(null, [instance, old]);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw new ReconfigurationException($"the mapper of field '{field}' threw: {exception.InnerException.Message}", exception.InnerException);
        }
        table.BindAdded(field, box);
    }

    /// <summary>Sets the update's box of an added field to the table's, made with the update's initial value if the field is new.</summary>
    /// <exception cref="ReconfigurationException">The field's initializer threw, or an earlier update added it with another type.</exception>
    public void AttachField(AddedField field, ProcedureTable table)
    {
        var versionClass = _class ?? throw new ObjectDisposedException($"procedure version {Number}");
        var box = versionClass.GetField(field.Box, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingFieldException(versionClass.FullName, field.Box);
        var initial = versionClass.GetMethod(field.Initial, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(versionClass.FullName, field.Initial);
        try
        {
            box.SetValue(null, table.AddedField(field.Name, box.FieldType.GetGenericArguments()[0], () =>
            {
                CreatedFields.Add(field.Name);
                return initial.Invoke(null, null);
            }));
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw new ReconfigurationException($"the initializer of added field '{field.Name}' threw: {exception.InnerException.Message}", exception.InnerException);
        }
        catch (InvalidOperationException exception)
        {
            throw new ReconfigurationException(exception.Message, exception);
        }
    }

    /// <summary>The update's static method <paramref name="name"/>, bound to the instance as a delegate of the slot's type.</summary>
    public Delegate Bind(string name, Type slot, ModuleBase instance)
    {
        var method = (_class ?? throw new ObjectDisposedException($"procedure version {Number}")).GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(_class.FullName, name);
        return Delegate.CreateDelegate(slot, instance, method);
    }

    public void Unload()
    {
        var context = _context;
        (_context, _class) = (null, null);
        context?.Unload();
    }
}
