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

/// <summary>Client <c>ask</c> {integer} accepts {integer}: on each tick, asks <see cref="BusPairs.RoundTrips"/> questions one at a time, then prints.</summary>
public sealed class Asker : Module
{
    protected internal override void Run()
    {
        while (true)
        {
            Delay(TimeSpan.FromSeconds(1));
            long sum = 0;
            for (var i = 0; i < BusPairs.RoundTrips; i++)
            {
                Write("ask", i);
                sum += Read<long>("ask");
            }
            Print("asked " + sum);
        }
    }
}

/// <summary>Server <c>answer</c> {integer} returns {integer}: answers each question with itself.</summary>
public sealed class Answerer : Module
{
    protected internal override void Run()
    {
        while (true)
        {
            Write("answer", Read<long>("answer"));
        }
    }
}
