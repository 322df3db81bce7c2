// points: R
// A public method on the path that another class also calls: that caller, off the graph, keeps the
// original signature and runs the method unprepared.
namespace Corpus;

public sealed class Helper(PublicMethods module)
{
    public int Poke(int i) => module.Step(i + 100);
}

public sealed class PublicMethods : Midflight.Module
{
    protected override void Run()
    {
        var helper = new Helper(this);
        for (var i = 0; i < 4; i++)
        {
            var value = Step(i);
            Print($"step {value} poke {helper.Poke(i)}");
        }
    }

    public int Step(int i)
    {
    R:
        Print($"at {i}");
        return i * 2;
    }
}
