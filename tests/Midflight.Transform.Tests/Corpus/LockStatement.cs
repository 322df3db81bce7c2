// points: R
// lock on the path: unwinding leaves the lock, resuming enters it again.
namespace Corpus;

public sealed class LockStatement : Midflight.Module
{
    private readonly object _gate = new();
    private int _count;

    protected override void Run()
    {
        for (var i = 0; i < 4; i++)
        {
            lock (_gate)
            {
                _count += i;
            R:
                Print($"count {_count} held {Monitor.IsEntered(_gate)}");
            }
        }
        Print($"held after {Monitor.IsEntered(_gate)}");
    }
}
