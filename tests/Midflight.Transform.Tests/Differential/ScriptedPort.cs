using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Midflight.Transform.Tests.Differential;

/// <summary>
/// A bus for one module with no interfaces: it records what the module prints, and after chosen
/// lines asks the module to capture at its next point — on the module's own thread, so the moment is
/// the same in every run.
/// </summary>
internal sealed class ScriptedPort(IReadOnlySet<int> requestAfterLines) : IModulePort
{
    public List<string> Output { get; } = [];

    public CaptureContext? Context { get; set; }

    public string InstanceName => "m";

    public TimeProvider Time => TimeProvider.System;

    public ILogger Logger => NullLogger.Instance;

    public CancellationToken Stopping => CancellationToken.None;

    public void Print(string text)
    {
        Output.Add(text);
        if (requestAfterLines.Contains(Output.Count))
        {
            Context!.Request();
        }
    }

    public bool CommitState() => false;

    public Message Read(string interfaceName) => throw new NotSupportedException("corpus programs do not read");

    public ValueTask<Message> ReadAsync(string interfaceName, CancellationToken cancellationToken) => throw new NotSupportedException("corpus programs do not read");

    public bool HasMessages(string interfaceName) => false;

    public void Write(string interfaceName, in Message message) => throw new NotSupportedException("corpus programs do not write");

    public void Delay(TimeSpan delay)
    {
    }

    public ValueTask DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
