using System.Runtime.CompilerServices;

namespace Midflight;

/// <summary>
/// A queue of work between a module's run and its workers (<see cref="WorkerAttribute"/>): any of
/// the module's threads posts, a worker waits to take. Held in a field of the module, it is part of
/// the module's state: a reconfiguration carries what it holds to the new instance, in order.
/// </summary>
/// <remarks>
/// The queue's only field is its items, so that a snapshot walks it as any object. The workers
/// waiting on it are kept beside it, in a table the snapshot does not see; the items' own monitor
/// orders the two, so that a post never misses a worker that found the queue empty.
/// </remarks>
public sealed class WorkQueue<T>
{
    private static readonly ConditionalWeakTable<Queue<T>, List<WorkerThread>> Waiting = [];

    private readonly Queue<T> _items = new();

    /// <summary>How many items wait to be taken.</summary>
    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds <paramref name="item"/> at the end, and wakes the workers waiting to take.</summary>
    public void Post(T item)
    {
        WorkerThread[] waiting;
        lock (_items)
        {
            _items.Enqueue(item);
            if (!Waiting.TryGetValue(_items, out var workers) || workers.Count == 0)
            {
                return;
            }
            waiting = [.. workers];
            workers.Clear();
        }
        foreach (var worker in waiting)
        {
            worker.Ring();
        }
    }

    /// <summary>Takes the first item, if there is one; never waits.</summary>
    public bool TryTake(out T item)
    {
        lock (_items)
        {
            return _items.TryDequeue(out item!);
        }
    }

    /// <summary>
    /// Takes the first item, waiting for one: on a worker's thread only. A reconfiguration point may
    /// label the statement that takes: a reconfiguration that asks for the worker while it waits there
    /// interrupts the wait, having taken nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calling thread is not one of a module's workers.</exception>
    public T Take()
    {
        var worker = WorkerThread.Current ?? throw new InvalidOperationException(
            "WorkQueue.Take waits on a worker's thread (a [Worker] method of the module); the module's run posts and uses TryTake, and waits on its interfaces");
        while (true)
        {
            lock (_items)
            {
                if (_items.TryDequeue(out var item))
                {
                    return item;
                }
                Waiting.GetOrAdd(_items, static _ => []).Add(worker);
            }
            try
            {
                worker.Wait(HasItems);
            }
            catch
            {
                lock (_items)
                {
                    if (Waiting.TryGetValue(_items, out var workers))
                    {
                        workers.Remove(worker);
                    }
                }
                throw;
            }
        }
    }

    private bool HasItems()
    {
        lock (_items)
        {
            return _items.Count > 0;
        }
    }
}
