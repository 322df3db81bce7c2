using System.Text;
using BenchmarkDotNet.Attributes;
using Midflight.Model;

namespace Midflight.Benchmarks;

/// <summary>
/// Parsing and checking a configuration of N modules in a ring, each instance bound to the next:
/// the time per module stays the same from a thousand modules to forty thousand when the binder is
/// linear (it was quadratic: a list searched per binding, the module of each instance found by a scan).
/// </summary>
[MemoryDiagnoser]
public class ConfigurationCheck
{
    private string _text = "";

    [Params(1_000, 10_000, 40_000)]
    public int Modules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Modules; i++)
        {
            text.Append("module m").Append(i).Append(" { source = \"X.dll#X.M\" :: define interface out pattern = {integer} :: use interface inp pattern = {integer} }\n");
        }
        text.Append("module app {");
        for (var i = 0; i < Modules; i++)
        {
            text.Append(" instance m").Append(i);
        }
        for (var i = 0; i < Modules; i++)
        {
            text.Append(" bind \"m").Append(i).Append(" out\" \"m").Append((i + 1) % Modules).Append(" inp\"");
        }
        _text = text.Append(" }\n").ToString();
    }

    /// <summary>Parsed, bound, checked, and every instance's module found, as <c>midflight check</c> does.</summary>
    [Benchmark]
    public int Check()
    {
        var configuration = ConfigurationParser.Parse(_text, "ring.mil").Configuration ?? throw new InvalidOperationException("the ring does not check");
        return configuration.Application.Instances.Sum(i => configuration.ModuleOf(i).Interfaces.Count);
    }
}
