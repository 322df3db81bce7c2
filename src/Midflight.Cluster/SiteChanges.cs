using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Cluster;

/// <summary>
/// A reconfiguration as it travels to the node that carries it out (<see cref="SiteStep"/>), and
/// back: its primitives by kind and by name, the code of the modules it adds sent with it.
/// </summary>
internal static class SiteChanges
{
    /// <exception cref="ReconfigurationException">It holds a primitive that does not travel: a backout's installed state.</exception>
    public static SiteStep ToStep(Reconfiguration reconfiguration, IReadOnlyDictionary<AddModule, ShippedCode> code) => new(
        reconfiguration.Title, reconfiguration.RequestedBy, reconfiguration.Timeout?.TotalMilliseconds, [.. reconfiguration.WhenIdle],
        [.. reconfiguration.Steps.Select(step => step switch
        {
            AddModule add => Of("add", add.Module) with { Spec = ConfigurationPrinter.Print(add.Spec), Code = code[add] },
            DeleteModule delete => Of("delete", delete.Module) with { Flag = delete.Forced },
            AddBinding bind => Of("bind", bind.From, bind.To),
            DeleteBinding unbind => Of("unbind", unbind.From, unbind.To),
            CopyQueue copy => Of("copy", copy.From, copy.To),
            RemoveQueue remove => Of("rmq", remove.At.Module) with { Interface = remove.At.Interface },
            MoveState move => Of("move", move.From) with { Other = move.To.Name, OtherIsNew = move.To.IsNew },
            StartModule start => Of("start", start.Module),
            StopModule stop => Of("stop", stop.Module),
            _ => throw new ReconfigurationException($"'{step}' cannot be carried out on another node; the application is unchanged"),
        })]);

    private static StepData Of(string kind, ModuleRef module) => new(kind, module.Name, module.IsNew, null, null, false, null, null, null, false);

    private static StepData Of(string kind, EndpointRef from, EndpointRef to) =>
        new(kind, from.Module.Name, from.Module.IsNew, from.Interface, to.Module.Name, to.Module.IsNew, to.Interface, null, null, false);

    /// <param name="step">The change as it came.</param>
    /// <param name="image">Keeps the code of a module added, and gives the image to load.</param>
    /// <exception cref="ReconfigurationException">A primitive is malformed.</exception>
    public static Reconfiguration FromStep(SiteStep step, Func<ShippedCode, Runtime.Loading.ModuleImage> image)
    {
        ReconfigurationStep Primitive(StepData data)
        {
            var module = new ModuleRef(data.Module, data.IsNew);
            EndpointRef From() => module[data.Interface ?? throw Malformed(data)];
            EndpointRef To() => new ModuleRef(data.Other ?? throw Malformed(data), data.OtherIsNew)[data.OtherInterface ?? throw Malformed(data)];
            return data.Kind switch
            {
                "add" => new AddModule(module, Shipping.Spec(data.Spec ?? throw Malformed(data))) { Image = image(data.Code ?? throw Malformed(data)) },
                "delete" => new DeleteModule(module) { Forced = data.Flag },
                "bind" => new AddBinding(From(), To()),
                "unbind" => new DeleteBinding(From(), To()),
                "copy" => new CopyQueue(From(), To()),
                "rmq" => new RemoveQueue(From()),
                "move" => new MoveState(module, new ModuleRef(data.Other ?? throw Malformed(data), data.OtherIsNew)),
                "start" => new StartModule(module),
                "stop" => new StopModule(module),
                _ => throw Malformed(data),
            };
        }
        return new Reconfiguration([.. step.Steps.Select(Primitive)])
        {
            Title = step.Title,
            RequestedBy = step.RequestedBy,
            Timeout = step.TimeoutMs is { } timeout ? TimeSpan.FromMilliseconds(timeout) : null,
            WhenIdle = [.. step.WhenIdle],
        };
    }

    private static ReconfigurationException Malformed(StepData data) => new($"a primitive '{data.Kind}' of '{data.Module}' from another node is malformed");

    /// <param name="result">The change's result.</param>
    /// <param name="specs">The instances it changed, and the specification each runs now.</param>
    public static ResultData ToData(ReconfigurationResult result, IReadOnlyList<(string Instance, ModuleSpec Spec)> specs) =>
        new(result.Steps, result.Duration.TotalMilliseconds, result.Paused.TotalMilliseconds, [.. result.MovedFrames.Keys], [.. result.MovedFrames.Values],
            [.. specs.Select(s => s.Instance)], [.. specs.Select(s => ConfigurationPrinter.Print(s.Spec))]);

    public static ReconfigurationResult FromData(ResultData data) =>
        new(data.Steps, TimeSpan.FromMilliseconds(data.DurationMs), TimeSpan.FromMilliseconds(data.PausedMs))
        {
            MovedFrames = data.Moved.Zip(data.Frames).ToDictionary(m => m.First, m => m.Second),
        };
}
