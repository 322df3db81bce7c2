namespace Midflight;

/// <summary>
/// A module with a thread of its own, written as a plain sequential program (the paper's Figure 3).
/// Reads block; a reconfiguration can pause the module only where it blocks (in a read or a delay)
/// with no request in progress.
/// </summary>
public abstract class Module : ModuleBase
{
    /// <summary>The module's program. Returning ends the module; an exception faults it.</summary>
    protected internal abstract void Run();

    /// <summary>Takes the next message from an incoming interface, waiting for one if none is queued.</summary>
    protected Message Read(string interfaceName) => Port.Read(interfaceName);

    /// <summary>Takes the next message of one field and reads that field as <typeparamref name="T"/>.</summary>
    protected T Read<T>(string interfaceName) => Port.Read(interfaceName).Single<T>();

    /// <summary>Sends a request on a client interface and waits for its reply.</summary>
    protected Message Call(string interfaceName, Message request)
    {
        Port.Write(interfaceName, request);
        return Port.Read(interfaceName);
    }

    /// <summary>Sends a request and reads the single field of its reply as <typeparamref name="T"/>.</summary>
    protected T Call<T>(string interfaceName, Message request) => Call(interfaceName, request).Single<T>();

    /// <summary>Waits on the node's clock (the paper's <c>sleep</c>).</summary>
    protected void Delay(TimeSpan delay) => Port.Delay(delay);
}
