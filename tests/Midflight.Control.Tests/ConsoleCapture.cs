namespace Midflight.Control.Tests;

/// <summary>
/// Collects what this process writes to its console while it lives. The console is the process's
/// own, so the tests that capture it run one at a time (<see cref="Name"/>).
/// </summary>
internal sealed class ConsoleCapture : IDisposable
{
    public const string Name = "console";

    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly StringWriter _text = new();

    public ConsoleCapture()
    {
        var synchronized = TextWriter.Synchronized(_text);
        Console.SetOut(synchronized);
        Console.SetError(synchronized);
    }

    public string Text => _text.ToString();

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
        _text.Dispose();
    }
}

[CollectionDefinition(ConsoleCapture.Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection;
