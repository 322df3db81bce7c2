using System.Runtime.CompilerServices;
using Midflight.Model;
using Midflight.Runtime.Loading;

namespace Midflight.Runtime.Tests;

public sealed class ModuleLoaderTests
{
    private static ModuleSpec Spec(string name, string type) => new(
        name,
        new ModuleSource("Midflight.TestModules.dll", $"Midflight.TestModules.{type}"),
        EquatableArray.Create(new InterfaceSpec("in", InterfaceKind.Use, Pattern.Of(DataType.Integer))),
        default,
        default);

    [Fact]
    public async Task Instances_of_one_module_share_its_load_context_and_other_modules_get_their_own()
    {
        var loader = new ModuleLoader(new PrebuiltAssemblies(AppContext.BaseDirectory), AppContext.BaseDirectory);

        var first = await loader.AcquireAsync(Spec("collector", "Collector"), rebuild: false, CancellationToken.None);
        var second = await loader.AcquireAsync(Spec("collector", "Collector"), rebuild: false, CancellationToken.None);
        var other = await loader.AcquireAsync(Spec("echo", "Echo"), rebuild: false, CancellationToken.None);

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.NotSame(first.ContextReference.Target, other.ContextReference.Target);
    }

    [Fact]
    public async Task When_the_last_instance_lets_go_the_load_context_is_unloaded_and_collected()
    {
        var loader = new ModuleLoader(new PrebuiltAssemblies(AppContext.BaseDirectory), AppContext.BaseDirectory);
        var context = await LoadCreateAndRelease(loader);

        Collected.Collect(context);

        Assert.False(context.IsAlive, "the module's load context was not collected after its last instance was released");
    }

    // Kept out of line so that no local of the caller keeps the module's types reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> LoadCreateAndRelease(ModuleLoader loader)
    {
        var code = await loader.AcquireAsync(Spec("collector", "Collector"), rebuild: false, CancellationToken.None);
        Assert.IsAssignableFrom<Module>(code.CreateInstance());
        code.Release();
        return code.ContextReference;
    }
}
