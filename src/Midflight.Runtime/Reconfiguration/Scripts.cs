using Midflight.Model;

namespace Midflight.Runtime;

/// <summary>The reconfigurations every application needs, built from the primitives.</summary>
public static class Scripts
{
    /// <summary>Starts an application from nothing: every instance, every binding, then every start.</summary>
    public static Reconfiguration Launch(Configuration configuration)
    {
        var steps = new List<ReconfigurationStep>();
        foreach (var instance in configuration.Application.Instances)
        {
            steps.Add(new AddModule(ModuleRef.New(instance.Name), configuration.ModuleOf(instance)));
        }
        foreach (var binding in configuration.Application.Bindings)
        {
            steps.Add(new AddBinding(ModuleRef.New(binding.From.Instance)[binding.From.Interface], ModuleRef.New(binding.To.Instance)[binding.To.Interface]));
        }
        foreach (var instance in configuration.Application.Instances)
        {
            steps.Add(new StartModule(ModuleRef.New(instance.Name)));
        }
        return new Reconfiguration([.. steps]) { Title = $"launch {configuration.Application.Name}" };
    }

    /// <summary>
    /// Replaces a running instance by a new one (the paper's Figure 5): the new instance gets the
    /// old one's bindings and queued messages and the state it divulges, then starts, and the old is
    /// deleted. <paramref name="spec"/> changes the module, its code or its attributes; by default the
    /// new instance runs the same specification.
    /// </summary>
    public static Reconfiguration Replace(ApplicationStatus application, string instance, ModuleSpec? spec = null)
    {
        var current = application[instance];
        var old = ModuleRef.Current(instance);
        var @new = ModuleRef.New(instance);
        var steps = new List<ReconfigurationStep> { new AddModule(@new, spec ?? current.Spec) };
        foreach (var binding in application.Bindings.Where(b => b.From.Instance == instance || b.To.Instance == instance))
        {
            steps.Add(new DeleteBinding(Side(binding.From, old), Side(binding.To, old)));
            steps.Add(new AddBinding(Side(binding.From, @new), Side(binding.To, @new)));
        }
        foreach (var queue in current.Spec.Interfaces.Where(i => i.Incoming is not null))
        {
            steps.Add(new CopyQueue(old[queue.Name], @new[queue.Name]));
            steps.Add(new RemoveQueue(old[queue.Name]));
        }
        steps.Add(new MoveState(old, @new));
        steps.Add(new StartModule(@new));
        steps.Add(new DeleteModule(old));
        return new Reconfiguration([.. steps]) { Title = $"replace {instance}" };

        EndpointRef Side(Endpoint endpoint, ModuleRef replaced) =>
            endpoint.Instance == instance ? replaced[endpoint.Interface] : ModuleRef.Current(endpoint.Instance)[endpoint.Interface];
    }
}
