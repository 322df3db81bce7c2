// points: R
// Tower of Hanoi over three Stack<int> pegs named by an enum: every move of 4 disks printed, then
// 14 disks with a line every 2048 moves; stops before each disk moves, deep in the recursion.
namespace Corpus;

public enum HanoiPeg { Left, Middle, Right }

public sealed class TowerOfHanoi : Midflight.Module
{
    private readonly Stack<int>[] _pegs = [new(), new(), new()];
    private long _moves;
    private bool _verbose;

    protected override void Run()
    {
        Solve(4, verbose: true);
        Solve(14, verbose: false);
    }

    public void Solve(int disks, bool verbose)
    {
        Setup(disks);
        _verbose = verbose;
        Move(disks, HanoiPeg.Left, HanoiPeg.Right, HanoiPeg.Middle);
        Print($"{disks} disks: {_moves} moves (2^{disks}-1 = {(1L << disks) - 1}), right peg {Describe(HanoiPeg.Right)}");
    }

    private void Setup(int disks)
    {
        foreach (var peg in _pegs)
        {
            peg.Clear();
        }
        for (var d = disks; d >= 1; d--)
        {
            _pegs[(int)HanoiPeg.Left].Push(d);
        }
        _moves = 0;
    }

    private string Describe(HanoiPeg peg) => _pegs[(int)peg].Count <= 6 ? string.Join(",", _pegs[(int)peg]) : $"{_pegs[(int)peg].Count} disks, top {_pegs[(int)peg].Peek()}";

    public void Move(int n, HanoiPeg from, HanoiPeg to, HanoiPeg via)
    {
        if (n == 0)
        {
            return;
        }
        Move(n - 1, from, via, to);
    R:
        var disk = _pegs[(int)from].Pop();
        if (_pegs[(int)to].TryPeek(out var top) && top < disk)
        {
            throw new InvalidOperationException($"disk {disk} onto {top}");
        }
        _pegs[(int)to].Push(disk);
        _moves++;
        if (_verbose || _moves % 2048 == 0)
        {
            Print($"move {_moves}: disk {disk} {from} -> {to}");
        }
        Move(n - 1, via, to, from);
    }
}
