// points: R
// Module fields of many types carry over: numbers, text, enums, nullable values, arrays, tuples.
namespace Corpus;

public enum Phase { Warm, Hot, Done }

public sealed class ModuleFields : Midflight.Module
{
    private int _count;
    private long _big = long.MaxValue - 5;
    private double _ratio = 0.1;
    private decimal _money = 10.05m;
    private string? _text;
    private Phase _phase;
    private int? _maybe;
    private char _mark = 'a';
    private byte[] _bytes = [1, 2, 3];
    private (int Low, string High) _pair = (1, "one");
    private DateTime _when = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private TimeSpan _span = TimeSpan.FromMilliseconds(1500);
    private readonly HashSet<int> _seen = [];
    private readonly Queue<string> _queue = new();
    private readonly Stack<int> _stack = new();

    protected override void Run()
    {
        while (_count < 6)
        {
            _count++;
            _big++;
            _ratio *= 1.5;
            _money += 0.10m;
            _text += _count;
            _phase = (Phase)(_count % 3);
            _maybe = _count % 2 == 0 ? _count : null;
            _mark++;
            _bytes[_count % 3]++;
            _pair = (_pair.Low * 2, _pair.High + "!");
            _when = _when.AddDays(1);
            _span += _span;
            _seen.Add(_count % 4);
            _queue.Enqueue($"q{_count}");
            _stack.Push(_count);
        R:
            Print($"{_count} {_big} {_ratio} {_money} {_text} {_phase} {_maybe} {_mark} {string.Join(",", _bytes)} {_pair} {_when:O} {_span} {string.Join(",", _seen)} {string.Join(",", _queue)} {string.Join(",", _stack)}");
        }
    }
}
