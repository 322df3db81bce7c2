namespace Midflight.Runtime;

/// <summary>Writes module output to standard output as <c>instance: text</c>.</summary>
public sealed class ConsoleModuleOutput : IModuleOutput
{
    public void Print(string instance, string text) => Console.Out.WriteLine($"{instance}: {text}");
}
