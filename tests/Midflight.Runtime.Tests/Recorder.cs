using System.Collections.Concurrent;
using Midflight.Runtime;

namespace Midflight.Runtime.Tests;

/// <summary>One message a module wrote or read, as the tracer saw it.</summary>
internal sealed record Traced(string Instance, string Interface, bool Written, Message Message);

/// <summary>A message the bus discarded from an instance's queue, and how long the trace was then.</summary>
internal sealed record Discard(string Instance, string Interface, Message Message, int At);

/// <summary>Records every message written, read and discarded, and every line printed, in the order they happened.</summary>
internal sealed class Recorder : IBusTracer, IModuleOutput
{
    private readonly ConcurrentQueue<Discard> _discards = new();
    private readonly ConcurrentQueue<Traced> _trace = new();
    private readonly ConcurrentQueue<(string Instance, string Text)> _printed = new();
    private readonly ConcurrentDictionary<(string Instance, string Text), TaskCompletionSource> _awaited = new();
    private readonly ConcurrentDictionary<(string Instance, string Interface, bool Written), int> _counts = new();
    private TaskCompletionSource? _nextTraced;

    public IReadOnlyList<Traced> Trace => [.. _trace];

    /// <summary>How many messages have been traced: a position in <see cref="Trace"/>, to say what came before a moment.</summary>
    public int Count => _trace.Count;

    public void Written(string instance, string interfaceName, in Message message) => Traced(new(instance, interfaceName, true, message));

    public void Read(string instance, string interfaceName, in Message message) => Traced(new(instance, interfaceName, false, message));

    private void Traced(Traced traced)
    {
        _trace.Enqueue(traced);
        _counts.AddOrUpdate((traced.Instance, traced.Interface, traced.Written), 1, (_, n) => n + 1);
        if (Volatile.Read(ref _nextTraced) is { } next && Interlocked.CompareExchange(ref _nextTraced, null, next) == next)
        {
            next.TrySetResult();
        }
    }

    /// <summary>How many messages <paramref name="instance"/> has written (or read) on <paramref name="interfaceName"/> so far.</summary>
    public int CountOf(string instance, string interfaceName, bool written) => _counts.GetValueOrDefault((instance, interfaceName, written));

    /// <summary>Completes once <paramref name="condition"/> holds, checking it again each time a message is traced; one waiter at a time.</summary>
    public async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // A full fence: the condition is read after the waiter is in place, never before.
            Interlocked.Exchange(ref _nextTraced, next);
            if (condition())
            {
                return;
            }
            await next.Task.WaitAsync(cancellationToken);
        }
    }

    public void Discarded(string instance, string interfaceName, in Message message) =>
        _discards.Enqueue(new(instance, interfaceName, message, _trace.Count));

    /// <summary>The messages the bus discarded, each with its place among the reads and writes.</summary>
    public IReadOnlyList<Discard> Discards => [.. _discards];

    public void Print(string instance, string text)
    {
        _printed.Enqueue((instance, text));
        if (_awaited.TryGetValue((instance, text), out var printed))
        {
            printed.TrySetResult();
        }
    }

    /// <summary>Completes when <paramref name="instance"/> prints <paramref name="text"/>; ask before it may.</summary>
    public Task WhenPrinted(string instance, string text) =>
        _awaited.GetOrAdd((instance, text), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public IReadOnlyList<string> Printed(string instance) => Printed(name => name == instance);

    /// <summary>What the instances <paramref name="named"/> printed, in the order they did: an instance and its replica, say.</summary>
    public IReadOnlyList<string> Printed(Func<string, bool> named) => [.. _printed.Where(p => named(p.Instance)).Select(p => p.Text)];

    public IReadOnlyList<Message> WrittenOn(string instance, string interfaceName) =>
        [.. _trace.Where(t => t.Written && t.Instance == instance && t.Interface == interfaceName).Select(t => t.Message)];

    public IReadOnlyList<Message> ReadOn(string instance, string interfaceName) =>
        [.. _trace.Where(t => !t.Written && t.Instance == instance && t.Interface == interfaceName).Select(t => t.Message)];
}
