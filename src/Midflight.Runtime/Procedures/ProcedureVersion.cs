using System.Reflection;

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
