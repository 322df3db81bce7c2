namespace Midflight.Examples.Router;

/// <summary>
/// Sends a steady stream of packets, as fast as the network takes them: each a destination address
/// and a trace the routers extend with the port they chose. The destinations are a fixed
/// pseudo-random series, so two runs send the same packets and a sink's totals can be compared.
/// </summary>
public sealed class Traffic : Module
{
    private uint _seed = 2_463_534_242;

    protected override void Run()
    {
        while (true)
        {
            Write("out", Message.Of(NextDestination(), 1));
        }
    }

    private int NextDestination()
    {
        // xorshift32: cheap, and the same series on every run.
        _seed ^= _seed << 13;
        _seed ^= _seed >> 17;
        _seed ^= _seed << 5;
        return (int)(_seed % RoutingTable.AddressSpace);
    }

    protected override void Divulge(DivulgedState state) => state.Set("seed", (long)_seed);

    protected override void Install(DivulgedState state) => _seed = (uint)state.Get<long>("seed");
}
