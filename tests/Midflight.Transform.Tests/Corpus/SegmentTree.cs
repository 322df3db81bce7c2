// points: R, S
// A segment tree over an int[] for range sums with point updates, built and queried recursively;
// stops in every inner frame of a query and of an update.
namespace Corpus;

public sealed class SegmentTree : Midflight.Module
{
    private int[] _tree = [];
    private int _size;

    protected override void Run()
    {
        int[] values = [5, 8, 6, 3, 2, 7, 2, 6, 4, 1];
        _size = values.Length;
        _tree = new int[4 * _size];
        Build(values, 1, 0, _size - 1);
        Print($"built over {_size} values, total {_tree[1]}");

        (int From, int To)[] ranges = [(0, 9), (2, 5), (4, 4), (7, 9), (1, 8)];
        foreach (var (from, to) in ranges)
        {
            var sum = Query(1, 0, _size - 1, from, to);
            Print($"sum [{from}..{to}] = {sum} (by hand {values[from..(to + 1)].Sum()})");
        }

        (int Index, int Value)[] updates = [(3, 10), (0, 0), (9, 9)];
        foreach (var (index, value) in updates)
        {
            Update(1, 0, _size - 1, index, value);
            values[index] = value;
            Print($"set [{index}] = {value}, total {_tree[1]}");
            var prefix = Query(1, 0, _size - 1, 0, index);
            Print($"  prefix to {index} = {prefix}");
        }
    }

    private void Build(int[] values, int node, int lo, int hi)
    {
        if (lo == hi)
        {
            _tree[node] = values[lo];
            return;
        }
        var mid = (lo + hi) / 2;
        Build(values, 2 * node, lo, mid);
        Build(values, 2 * node + 1, mid + 1, hi);
        _tree[node] = _tree[2 * node] + _tree[2 * node + 1];
    }

    private int Query(int node, int lo, int hi, int from, int to)
    {
        if (to < lo || hi < from)
        {
            return 0;
        }
        if (from <= lo && hi <= to)
        {
            return _tree[node];
        }
        var mid = (lo + hi) / 2;
    R:
        return Query(2 * node, lo, mid, from, to) + Query(2 * node + 1, mid + 1, hi, from, to);
    }

    private void Update(int node, int lo, int hi, int index, int value)
    {
        if (lo == hi)
        {
            _tree[node] = value;
            return;
        }
        var mid = (lo + hi) / 2;
    S:
        if (index <= mid)
        {
            Update(2 * node, lo, mid, index, value);
        }
        else
        {
            Update(2 * node + 1, mid + 1, hi, index, value);
        }
        _tree[node] = _tree[2 * node] + _tree[2 * node + 1];
    }
}
