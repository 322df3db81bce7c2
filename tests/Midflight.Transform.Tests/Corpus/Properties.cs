// points: R
// State in auto-properties, a StringBuilder and a string-keyed dictionary of lists.
using System.Text;

namespace Corpus;

public sealed class Properties : Midflight.Module
{
    private int Count { get; set; }

    private string Title { get; set; } = "t";

    private readonly StringBuilder _text = new();
    private readonly Dictionary<string, List<int>> _groups = [];

    protected override void Run()
    {
        for (var i = 0; i < 6; i++)
        {
            Count++;
            Title += i;
            _text.Append(i).Append(';');
            var key = i % 2 == 0 ? "even" : "odd";
            if (!_groups.TryGetValue(key, out var list))
            {
                list = [];
                _groups[key] = list;
            }
            list.Add(i);
        R:
            Print($"{Count} {Title} {_text} {string.Join(" ", _groups.Select(g => g.Key + ":" + string.Join(",", g.Value)))}");
        }
    }
}
