namespace Midflight.Control;

/// <summary>
/// The lock a node holds on its <see cref="ControlFiles"/> for as long as it runs, so that a second
/// node of the same configuration is refused instead of taking the first one's endpoint away.
/// </summary>
public sealed class NodeLock : IDisposable
{
    private readonly FileStream _held;

    internal NodeLock(ControlFiles files, FileStream held)
    {
        Files = files;
        _held = held;
    }

    public ControlFiles Files { get; }

    public void Dispose()
    {
        Files.DeleteProcess();
        _held.Dispose();
    }
}
