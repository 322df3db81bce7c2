using System.Collections.Immutable;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Scripting;

/// <summary>
/// What a reconfiguration script sees (Figure 5's primitives, in C#): the application as it is now,
/// its arguments, module specifications to copy with changed attributes, and the steps it plans —
/// binding edits, queue copies and removals, the state move, starting and deleting modules. Nothing
/// happens while the script runs, in a process of its own: its plan goes back to the node, which
/// carries it out afterwards, as one transaction.
/// </summary>
public sealed class ScriptHost
{
    private readonly List<ReconfigurationStep> _steps = [];

    internal ScriptHost(ApplicationStatus application, IReadOnlyDictionary<string, string> args)
    {
        Application = application;
        Args = args;
    }

    /// <summary>The running application: its instances (with their current specifications) and bindings.</summary>
    public ApplicationStatus Application { get; }

    /// <summary>The script's arguments, <c>--arg name=value</c>.</summary>
    public IReadOnlyDictionary<string, string> Args { get; }

    /// <summary>An argument, or <paramref name="fallback"/> if the script was not given it.</summary>
    public string Arg(string name, string fallback) => Args.GetValueOrDefault(name, fallback);

    /// <summary>The running incarnation of an instance (<c>mh_obj_cap</c> of an existing module).</summary>
    public static ModuleRef Current(string name) => ModuleRef.Current(name);

    /// <summary>The incarnation this script adds (<c>mh_obj_cap</c> of a new module).</summary>
    public static ModuleRef New(string name) => ModuleRef.New(name);

    /// <summary>An instance's specification as it is now, which may differ from the configuration file.</summary>
    public ModuleSpec Spec(string instance) => Application[instance].Spec;

    /// <summary><paramref name="spec"/> with an attribute set (<c>mh_edit_objattr</c>), such as <c>machine</c> or <c>status</c>.</summary>
    public static ModuleSpec WithAttribute(ModuleSpec spec, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.WithAttribute(name, value);
    }

    /// <summary>The bindings that leave an instance's interfaces.</summary>
    public IEnumerable<BindingSpec> BindingsFrom(string instance) => Application.Bindings.Where(b => b.From.Instance == instance);

    /// <summary>The bindings that arrive at an instance's interfaces.</summary>
    public IEnumerable<BindingSpec> BindingsTo(string instance) => Application.Bindings.Where(b => b.To.Instance == instance);

    public void AddModule(ModuleRef module, ModuleSpec spec) => _steps.Add(new AddModule(module, spec));

    public void DeleteModule(ModuleRef module) => _steps.Add(new DeleteModule(module));

    public void AddBinding(EndpointRef from, EndpointRef to) => _steps.Add(new AddBinding(from, to));

    public void DeleteBinding(EndpointRef from, EndpointRef to) => _steps.Add(new DeleteBinding(from, to));

    public void CopyQueue(EndpointRef from, EndpointRef to) => _steps.Add(new CopyQueue(from, to));

    public void RemoveQueue(EndpointRef at) => _steps.Add(new RemoveQueue(at));

    public void MoveState(ModuleRef from, ModuleRef to) => _steps.Add(new MoveState(from, to));

    public void StartModule(ModuleRef module) => _steps.Add(new StartModule(module));

    /// <summary>
    /// Updates procedures of a running instance (DYMOS's <c>update P1..Pn when Q1..Qm idle</c>): each
    /// compiled against the running version and switched when inactive, as <c>midflight update
    /// --procedure</c> does. A script that updates procedures plans nothing else; its updates are
    /// carried out in turn.
    /// </summary>
    /// <param name="instance">The running instance whose procedures change.</param>
    /// <param name="procedures">By name or identity; empty for every procedure whose source changed.</param>
    /// <param name="source">The new code, a .cs file, folder or project relative to the node's folder; null for the module's project as it is.</param>
    /// <param name="whenIdle">Procedures that must be inactive too when it switches.</param>
    public void UpdateProcedures(string instance, IEnumerable<string> procedures, string? source = null, IEnumerable<string>? whenIdle = null) =>
        _steps.Add(new UpdateProcedures(instance, [.. procedures], source) { WhenIdle = [.. whenIdle ?? []] });

    internal ImmutableArray<ReconfigurationStep> Steps => [.. _steps];
}
