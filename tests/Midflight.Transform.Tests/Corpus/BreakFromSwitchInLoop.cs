// points: R
// A switch on strings inside a do loop, with sites in a section that breaks and one that continues.
namespace Corpus;

public sealed class BreakFromSwitchInLoop : Midflight.Module
{
    protected override void Run()
    {
        var commands = new List<string> { "add", "add", "skip", "double", "add", "stop", "add" };
        var position = 0;
        var value = 1;
        do
        {
            var command = commands[position++];
            switch (command)
            {
                case "add":
                    value = Apply(value, 1);
                    break;
                case "double":
                    value = Apply(value, value);
                    break;
                case "skip":
                    Print("skip");
                    continue;
                default:
                    Print($"stop at {position}");
                    position = commands.Count;
                    break;
            }
            Print($"{command} -> {value}");
        }
        while (position < commands.Count);
    }

    private int Apply(int value, int by)
    {
    R:
        Print($"apply {by} to {value}");
        return value + by;
    }
}
