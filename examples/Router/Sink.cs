namespace Midflight.Examples.Router;

/// <summary>
/// Receives the packets and prints, every <see cref="Report"/> packets, how many arrived and a digest
/// of the routes they took: the same traffic routed the same way prints the same lines, whatever
/// was updated on the way.
/// </summary>
public sealed class Sink : Module
{
    public const int Report = 100_000;

    private long received;
    private long digest;

    protected override void Run()
    {
        while (true)
        {
            var packet = Read("in");
            received++;
            digest = unchecked((digest * 31) + packet[1].AsInteger());
            if (received % Report == 0)
            {
                Print($"{received} packets, routes digest {digest:X16}");
            }
        }
    }

    protected override void Divulge(DivulgedState state)
    {
        state.Set("received", received);
        state.Set("digest", digest);
    }

    protected override void Install(DivulgedState state)
    {
        received = state.Get<long>("received");
        digest = state.Get<long>("digest");
    }
}
