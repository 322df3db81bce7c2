namespace Midflight;

/// <summary>
/// A module that runs on the thread pool: waiting costs no thread, so many thousands can share a node.
/// </summary>
public abstract class AsyncModule : ModuleBase
{
    /// <summary>The module's program; <paramref name="cancellationToken"/> is <see cref="ModuleBase.Stopping"/>.</summary>
    protected internal abstract Task RunAsync(CancellationToken cancellationToken);

    protected ValueTask<Message> ReadAsync(string interfaceName, CancellationToken cancellationToken = default) =>
        Port.ReadAsync(interfaceName, cancellationToken);

    protected async ValueTask<T> ReadAsync<T>(string interfaceName, CancellationToken cancellationToken = default) =>
        (await Port.ReadAsync(interfaceName, cancellationToken).ConfigureAwait(false)).Single<T>();

    protected async ValueTask<Message> CallAsync(string interfaceName, Message request, CancellationToken cancellationToken = default)
    {
        Port.Write(interfaceName, request);
        return await Port.ReadAsync(interfaceName, cancellationToken).ConfigureAwait(false);
    }

    protected async ValueTask<T> CallAsync<T>(string interfaceName, Message request, CancellationToken cancellationToken = default) =>
        (await CallAsync(interfaceName, request, cancellationToken).ConfigureAwait(false)).Single<T>();

    protected ValueTask DelayAsync(TimeSpan delay, CancellationToken cancellationToken = default) =>
        Port.DelayAsync(delay, cancellationToken);
}
