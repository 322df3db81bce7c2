namespace Midflight.Control.Tests;

/// <summary>
/// A test class with a node serving its endpoint (<see cref="EndpointNode"/>, counter and collector)
/// for each test, and a client addressed to it that carries no token unless the test gives one.
/// </summary>
public abstract class EndpointTest : IAsyncLifetime, IDisposable
{
    private EndpointNode? _running;

    protected HttpClient Http { get; } = new();

    private protected EndpointNode Running => _running ?? throw new InvalidOperationException("the node has not started");

    public virtual async Task InitializeAsync()
    {
        _running = await EndpointNode.StartAsync();
        Http.BaseAddress = _running.Endpoint.Address;
    }

    public async Task DisposeAsync() => await Running.DisposeAsync();

    public void Dispose()
    {
        Http.Dispose();
        GC.SuppressFinalize(this);
    }
}
