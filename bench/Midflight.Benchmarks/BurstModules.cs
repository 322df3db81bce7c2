namespace Midflight.Benchmarks;

// The modules of the throughput benchmark. The node loads them from this assembly into a load
// context of their own, as it loads any module.

/// <summary>Define <c>out</c> {integer}: on each tick of the clock, writes a burst of <see cref="BusThroughput.Messages"/> values.</summary>
public sealed class BurstProducer : Module
{
    protected internal override void Run()
    {
        while (true)
        {
            Delay(TimeSpan.FromSeconds(1));
            for (var i = 0; i < BusThroughput.Messages; i++)
            {
                Write("out", i);
            }
        }
    }
}

/// <summary>Use <c>in</c> {integer}: reads values and prints "burst" after every <see cref="BusThroughput.Messages"/>.</summary>
public sealed class BurstConsumer : Module
{
    protected internal override void Run()
    {
        while (true)
        {
            long sum = 0;
            for (var i = 0; i < BusThroughput.Messages; i++)
            {
                sum += Read<long>("in");
            }
            Print("burst " + sum);
        }
    }
}
