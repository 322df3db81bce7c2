// points: R, S
// Kahn's topological sort of a course catalogue: prerequisites in a Dictionary<string, string[]>, in-degrees
// counted by a foreach over the dictionary, ready courses in a SortedSet; stops at each edge counted and
// at each course taken.
namespace Corpus;

public sealed class TopologicalKahn : Midflight.Module
{
    private readonly Dictionary<string, string[]> _unlocks = new()
    {
        ["algebra"] = ["calculus", "linear-algebra"],
        ["calculus"] = ["analysis", "probability", "physics"],
        ["linear-algebra"] = ["machine-learning", "graphics"],
        ["programming"] = ["data-structures", "graphics"],
        ["data-structures"] = ["algorithms", "databases"],
        ["algorithms"] = ["machine-learning", "compilers"],
        ["probability"] = ["machine-learning", "statistics"],
        ["analysis"] = [],
        ["physics"] = ["graphics"],
        ["machine-learning"] = [],
        ["graphics"] = [],
        ["databases"] = [],
        ["compilers"] = [],
        ["statistics"] = [],
    };

    protected override void Run()
    {
        var inDegree = CountPrerequisites();
        var order = Sort(inDegree);
        Print($"{order.Count} of {_unlocks.Count} courses ordered");
        Print(string.Join(" < ", order.Take(5)));

        _unlocks["compilers"] = ["programming"];
        var cyclic = Sort(CountPrerequisites());
        Print(cyclic.Count == _unlocks.Count
            ? "still acyclic"
            : $"cycle: {_unlocks.Count - cyclic.Count} courses never become ready");
    }

    private Dictionary<string, int> CountPrerequisites()
    {
        var inDegree = _unlocks.Keys.ToDictionary(course => course, _ => 0);
        foreach (var (course, unlocked) in _unlocks)
        {
            foreach (var next in unlocked)
            {
            S:
                inDegree[next]++;
            }
        }
        return inDegree;
    }

    private List<string> Sort(Dictionary<string, int> inDegree)
    {
        var ready = new SortedSet<string>(inDegree.Where(p => p.Value == 0).Select(p => p.Key), StringComparer.Ordinal);
        var order = new List<string>();
        while (ready.Count > 0)
        {
            var course = ready.Min!;
            ready.Remove(course);
            order.Add(course);
        R:
            Print($"take {course}");
            foreach (var next in _unlocks[course])
            {
                if (--inDegree[next] == 0)
                {
                    ready.Add(next);
                }
            }
        }
        return order;
    }
}
