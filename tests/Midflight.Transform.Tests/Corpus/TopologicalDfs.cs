// points: R
// Topological sort of package dependencies by recursive depth-first search, with an enum mark per package
// and a Stack<string> of the current path in try/finally (to report a cycle); the recursive call stands in
// an if condition; stops at each package entered.
namespace Corpus;

public enum PackageMark
{
    Unvisited,
    InProgress,
    Done,
}

public sealed class TopologicalDfs : Midflight.Module
{
    private Dictionary<string, List<string>> _dependsOn = [];
    private Dictionary<string, PackageMark> _marks = [];
    private readonly Stack<string> _path = new();
    private readonly List<string> _installOrder = [];

    protected override void Run()
    {
        _dependsOn = new Dictionary<string, List<string>>
        {
            ["app"] = ["web", "orm", "logging"],
            ["web"] = ["http", "json", "logging"],
            ["orm"] = ["sql", "logging"],
            ["http"] = ["sockets"],
            ["json"] = [],
            ["sql"] = ["sockets"],
            ["logging"] = ["json"],
            ["sockets"] = [],
        };
        Install("app");

        _dependsOn["json"].Add("app");
        Install("app");
    }

    private void Install(string root)
    {
        _marks = _dependsOn.Keys.ToDictionary(p => p, _ => PackageMark.Unvisited);
        _installOrder.Clear();
        _path.Clear();
        if (Visit(root))
        {
            Print("install order: " + string.Join(", ", _installOrder));
        }
        else
        {
            Print("cycle: " + string.Join(" -> ", _path.Reverse()));
        }
    }

    private bool Visit(string package)
    {
        switch (_marks[package])
        {
            case PackageMark.Done:
                return true;
            case PackageMark.InProgress:
                _path.Push(package);
                return false;
        }
        _marks[package] = PackageMark.InProgress;
        _path.Push(package);
        var failed = false;
        try
        {
        R:
            Print($"{new string(' ', 2 * (_path.Count - 1))}{package}");
            foreach (var dependency in _dependsOn[package])
            {
                if (!Visit(dependency))
                {
                    failed = true;
                    return false;
                }
            }
        }
        finally
        {
            if (!failed)
            {
                _path.Pop();
            }
        }
        _marks[package] = PackageMark.Done;
        _installOrder.Add(package);
        return true;
    }
}
