using System.Diagnostics;
using System.Reflection;
using Midflight.Model;

namespace Midflight.Runtime.Loading;

/// <summary>
/// One loaded version of a module's code, shared by the instances that run it. When the last
/// instance lets go, its load context is unloaded, and the runtime can collect the code.
/// </summary>
internal sealed class ModuleCode
{
    private Type? _moduleType; // cleared with the context: a reference to this object must not keep the code loaded
    private readonly Action<ModuleCode> _onUnloaded;
    private ModuleLoadContext? _context;
    private int _users;

    public ModuleCode(string key, ModuleImage image, ModuleLoadContext context, Type moduleType, Action<ModuleCode> onUnloaded)
    {
        Key = key;
        Image = image;
        _context = context;
        _moduleType = moduleType;
        _onUnloaded = onUnloaded;
        ContextReference = new WeakReference(context, trackResurrection: true);
    }

    public string Key { get; }

    /// <summary>This version as it was built, to load again after it is unloaded.</summary>
    public ModuleImage Image { get; }

    /// <summary>The module class of this version.</summary>
    public Type ModuleType => _moduleType ?? throw new ObjectDisposedException(Key, "this version of the module's code is unloaded");

    /// <summary>The interface adapters this version declares; checked when it loads.</summary>
    public Updates.InterfaceAdapters Adapters => _adapters ??= Updates.InterfaceAdapters.Of(ModuleType);

    private Updates.InterfaceAdapters? _adapters;

    /// <summary>The specification this version was built against for module <paramref name="moduleName"/>, or null; read from its assembly once.</summary>
    public ModuleSpec? DeclaredSpec(string moduleName)
    {
        var declared = _declared ??= Updates.DeclaredSpecification.All(ModuleType);
        return declared.FirstOrDefault(s => s.Name == moduleName) ?? (declared.Count == 1 ? declared[0] : null);
    }

    private IReadOnlyList<ModuleSpec>? _declared;

    /// <summary>Becomes dead once the context is unloaded and collected: how tests prove old code goes away.</summary>
    public WeakReference ContextReference { get; }

    /// <summary>Takes a reference for one more instance; false if the code was already unloaded.</summary>
    public bool TryAcquire()
    {
        lock (this)
        {
            if (_context is null)
            {
                return false;
            }
            _users++;
            return true;
        }
    }

    public void Release()
    {
        ModuleLoadContext? unload = null;
        lock (this)
        {
            Debug.Assert(_users > 0, "released more often than acquired");
            if (--_users == 0)
            {
                unload = _context;
                (_context, _moduleType, _adapters, _declared) = (null, null, null, null);
            }
        }
        if (unload is not null)
        {
            _onUnloaded(this);
            unload.Unload();
        }
    }

    public ModuleBase CreateInstance()
    {
        try
        {
            return (ModuleBase)Activator.CreateInstance(ModuleType)!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw new ModuleLoadException($"the constructor of {ModuleType.FullName} threw: {exception.InnerException.Message}", exception.InnerException);
        }
    }
}
