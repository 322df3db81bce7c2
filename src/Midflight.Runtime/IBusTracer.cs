namespace Midflight.Runtime;

/// <summary>
/// Sees every message a module writes and every message a module reads, on the module's own thread,
/// in that module's order. For tests and diagnostics: it is called on the hot path, so keep it cheap.
/// </summary>
public interface IBusTracer
{
    void Written(string instance, string interfaceName, in Message message);

    void Read(string instance, string interfaceName, in Message message);
}
