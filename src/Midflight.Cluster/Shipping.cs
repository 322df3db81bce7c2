using Midflight.Model;
using Midflight.Runtime;
using Midflight.Runtime.Cluster;

namespace Midflight.Cluster;

/// <summary>A shipped instance as it travels (<see cref="ShippedStep"/> and its encoded snapshot), and back; its specification as the language's text.</summary>
internal static class Shipping
{
    public static ShippedStep ToStep(string move, ShippedInstance shipped) => new(
        move, shipped.Name, ConfigurationPrinter.Print(shipped.Spec), shipped.Frames,
        [.. shipped.Queues.Select(q => new ShippedQueueData(q.Interface,
            [.. q.Messages.Select(m => new ShippedMessageData(Wire.EncodeMessage(m.Message), m.ReplyTo?.Instance, m.ReplyTo?.Interface))]))],
        [.. shipped.Owed.Select(o => new ShippedRepliesData(o.Interface, [.. o.To.Select(e => e.Instance)], [.. o.To.Select(e => e.Interface)]))],
        shipped.RequestsInProgress,
        shipped.Divulged is { } divulged
            ? new DivulgedData([.. divulged.Values.Keys], Wire.EncodeMessage(Message.Of([.. divulged.Values.Values])))
            : null);

    /// <exception cref="ReconfigurationException">The step does not hold a valid instance.</exception>
    public static ShippedInstance FromStep(ShippedStep step, ReadOnlyMemory<byte> snapshot)
    {
        try
        {
            return new ShippedInstance(
                step.Name, Spec(step.Spec), snapshot, step.Frames,
                [.. step.Queues.Select(q => new ShippedQueue(q.Interface,
                    [.. q.Messages.Select(m => new ShippedMessage(Wire.DecodeMessage(m.Message), m.ReplyInstance is { } instance ? new Endpoint(instance, m.ReplyInterface!) : null))]))],
                [.. step.Owed.Select(o => new ShippedReplies(o.Interface, [.. o.Instances.Zip(o.Interfaces, (i, f) => new Endpoint(i, f))]))],
                step.RequestsInProgress)
            {
                Divulged = step.Divulged is { } divulged ? Divulged(divulged) : null,
            };
        }
        catch (WireFormatException exception)
        {
            throw new ReconfigurationException($"the shipped instance '{step.Name}' is malformed: {exception.Message}", exception);
        }
    }

    /// <exception cref="WireFormatException">The names and the values do not pair up.</exception>
    private static DivulgedState Divulged(DivulgedData data)
    {
        var values = Wire.DecodeMessage(data.Values);
        if (values.Count != data.Names.Length)
        {
            throw new WireFormatException($"the divulged state names {data.Names.Length} values and holds {values.Count}");
        }
        var divulged = new DivulgedState();
        for (var i = 0; i < values.Count; i++)
        {
            divulged.Set(data.Names[i], values[i]);
        }
        return divulged;
    }

    /// <summary>A module's specification from its text, as another node printed it.</summary>
    /// <exception cref="ReconfigurationException">It does not parse.</exception>
    public static ModuleSpec Spec(string text)
    {
        var (module, diagnostics) = ConfigurationParser.ParseModule(text, "<from another node>");
        return module ?? throw new ReconfigurationException($"a module specification from another node does not parse: {string.Join("; ", diagnostics)}");
    }
}
