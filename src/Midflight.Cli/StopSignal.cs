using System.Runtime.InteropServices;

namespace Midflight.Cli;

/// <summary>
/// What asks a running node to stop: Ctrl+C, SIGTERM (a service manager, <c>kill</c>) or SIGQUIT —
/// or, for a host that runs the command in process, the cancellation it was invoked with. The first
/// signal stops the node cleanly, and says which it was; a second one ends the process at once, for
/// a stop that hangs.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private string? _reason;

    public StopSignal(CancellationToken cancelled)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancelled);
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(s => PosixSignalRegistration.Create(s, Handle))];
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that came, as people know it: <c>Ctrl+C</c> or <c>SIGTERM</c>; null before one has.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    internal void Handle(PosixSignalContext context)
    {
        var name = context.Signal == PosixSignal.SIGINT ? "Ctrl+C" : context.Signal.ToString();
        if (Interlocked.CompareExchange(ref _reason, name, null) is null)
        {
            context.Cancel = true;
            _stop.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
