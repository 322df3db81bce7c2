// points: R, S
// A hand-written binary min-heap in a List<int> field, with an iterative sift-up and a recursive sift-down,
// sorting pseudo-random numbers from an LCG; stops at each swap.
namespace Corpus;

public sealed class BinaryHeap : Midflight.Module
{
    private readonly List<int> _heap = [];
    private uint _state = 7;
    private int _swaps;

    protected override void Run()
    {
        for (var i = 0; i < 12; i++)
        {
            var value = NextValue();
            Push(value);
            Print($"push {value}: top {_heap[0]}, {_swaps} swaps so far");
        }
        var sorted = new List<int>();
        while (_heap.Count > 0)
        {
            var top = Pop();
            sorted.Add(top);
            if (sorted.Count % 3 == 0)
            {
                Print($"popped {string.Join(" ", sorted.TakeLast(3))}");
            }
        }
        Print($"{_swaps} swaps in all");
    }

    private int NextValue()
    {
        _state = unchecked(_state * 1664525 + 1013904223);
        return (int)(_state >> 24);
    }

    private void Push(int value)
    {
        _heap.Add(value);
        var child = _heap.Count - 1;
        while (child > 0)
        {
            var parent = (child - 1) / 2;
            if (_heap[parent] <= _heap[child])
            {
                break;
            }
        R:
            (_heap[parent], _heap[child]) = (_heap[child], _heap[parent]);
            _swaps++;
            child = parent;
        }
    }

    private int Pop()
    {
        var top = _heap[0];
        _heap[0] = _heap[^1];
        _heap.RemoveAt(_heap.Count - 1);
        if (_heap.Count > 0)
        {
            SiftDown(0);
        }
        return top;
    }

    private void SiftDown(int index)
    {
        var smallest = index;
        foreach (var child in new[] { 2 * index + 1, 2 * index + 2 })
        {
            if (child < _heap.Count && _heap[child] < _heap[smallest])
            {
                smallest = child;
            }
        }
        if (smallest == index)
        {
            return;
        }
    S:
        (_heap[index], _heap[smallest]) = (_heap[smallest], _heap[index]);
        _swaps++;
        SiftDown(smallest);
    }
}
