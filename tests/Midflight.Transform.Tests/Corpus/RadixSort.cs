// points: R, S
// LSD radix sort of non-negative integers through ten bucket lists, then a stable counting sort of
// records keyed by an enum; stops while distributing into buckets (R) and while placing counted items (S).
namespace Corpus;

public enum RadixGrade { A, B, C, D, F }

public sealed record RadixStudent(string Name, RadixGrade Grade);

public sealed class RadixSort : Midflight.Module
{
    private readonly List<int>[] _buckets = new List<int>[10];

    protected override void Run()
    {
        for (var d = 0; d < _buckets.Length; d++)
        {
            _buckets[d] = [];
        }
        int[] ids = [170, 45, 75, 90, 802, 24, 2, 66, 1999, 318, 7];
        SortByDigits(ids);
        Print($"ids: {string.Join(" ", ids)}");

        RadixStudent[] students =
        [
            new("ann", RadixGrade.B), new("bob", RadixGrade.A), new("cal", RadixGrade.C), new("dee", RadixGrade.B),
            new("eve", RadixGrade.F), new("fay", RadixGrade.A), new("gus", RadixGrade.D), new("hal", RadixGrade.C),
        ];
        var byGrade = CountingSort(students, s => (int)s.Grade, Enum.GetValues<RadixGrade>().Length);
        Print($"by grade: {string.Join(" ", byGrade.Select(s => $"{s.Name}={s.Grade}"))}");
    }

    public void SortByDigits(int[] a)
    {
        var max = a.Max();
        for (var exp = 1; max / exp > 0; exp *= 10)
        {
            foreach (var value in a)
            {
            R:
                _buckets[value / exp % 10].Add(value);
            }
            var k = 0;
            foreach (var bucket in _buckets)
            {
                foreach (var value in bucket)
                {
                    a[k++] = value;
                }
                bucket.Clear();
            }
            Print($"digit {exp}: {string.Join(" ", a)}");
        }
    }

    public T[] CountingSort<T>(T[] items, Func<T, int> key, int keys)
    {
        var counts = new int[keys + 1];
        foreach (var item in items)
        {
            counts[key(item) + 1]++;
        }
        for (var r = 0; r < keys; r++)
        {
            counts[r + 1] += counts[r];
        }
        Print($"starts: {string.Join(" ", counts.Take(keys))}");
        var result = new T[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var slot = counts[key(items[i])]++;
            result[slot] = items[i];
        S:
            Print($"{items[i]} -> slot {slot}");
        }
        return result;
    }
}
