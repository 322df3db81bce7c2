// points: R, R2
// A work list drained while it is walked: each entry of a Dictionary is removed as it is handled, which
// .NET allows during enumeration. The loop resumes at its place among the entries still there.
namespace Corpus;

public sealed class DrainPending : Midflight.Module
{
    private readonly Dictionary<int, string> _pending = [];

    protected override void Run()
    {
        for (var round = 0; round < 3; round++)
        {
            for (var job = 0; job < 5; job++)
            {
                _pending[round * 10 + job] = $"job {round}.{job}";
            }
            foreach (var (key, name) in _pending)
            {
                _pending.Remove(key);
                Handle(key, name);
            }
            Print($"round {round} left {_pending.Count}");
            Wait(round);
        }
    }

    private void Handle(int key, string name)
    {
    R:
        Print($"handled {key}: {name}");
    }

    private void Wait(int round)
    {
    R2:
        Print($"after round {round}");
    }
}
