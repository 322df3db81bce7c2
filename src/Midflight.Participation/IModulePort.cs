using Microsoft.Extensions.Logging;

namespace Midflight;

/// <summary>
/// The bus as one module instance sees it. The runtime implements it; the module base classes are
/// its only callers, so the contract can change with the runtime without touching module code.
/// </summary>
internal interface IModulePort
{
    string InstanceName { get; }

    TimeProvider Time { get; }

    ILogger Logger { get; }

    /// <summary>Cancelled when the module instance is being deleted: its run must return.</summary>
    CancellationToken Stopping { get; }

    Message Read(string interfaceName);

    ValueTask<Message> ReadAsync(string interfaceName, CancellationToken cancellationToken);

    bool HasMessages(string interfaceName);

    void Write(string interfaceName, in Message message);

    void Delay(TimeSpan delay);

    ValueTask DelayAsync(TimeSpan delay, CancellationToken cancellationToken);

    void Print(string text);

    /// <summary>Writes the module's fields to the stable store, if its instance is a member of a stable group.</summary>
    /// <returns>Whether they were written: false for an instance of no stable group.</returns>
    bool CommitState();
}
