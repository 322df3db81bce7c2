// Small modules that the runtime tests load through real collectible load contexts, as a node
// loads any module. Each does one thing a test needs to observe.

namespace Midflight.TestModules;

/// <summary>Server <c>ask</c> {~integer} returns {integer}: answers each request with its value.</summary>
public sealed class Echo : Module
{
    protected override void Run()
    {
        while (true)
        {
            Write("ask", Read("ask"));
        }
    }
}

/// <summary>Define <c>out</c> {integer}: writes 0, 1, 2, … one per <see cref="Interval"/>.</summary>
public sealed class Counter : Module
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private int _next;

    protected override void Run()
    {
        while (true)
        {
            Write("out", _next++);
            Delay(Interval);
        }
    }

    protected override void Divulge(DivulgedState state) => state.Set("next", _next);

    protected override void Install(DivulgedState state) => _next = state.Get<int>("next");
}

/// <summary>Use <c>in</c> {integer}: prints every value it reads.</summary>
public sealed class Collector : Module
{
    protected override void Run()
    {
        while (true)
        {
            Print(Read<int>("in").ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>Define <c>out</c> {integer}: first tries to send a string, prints the refusal, then sends 7.</summary>
public sealed class Misfit : Module
{
    protected override void Run()
    {
        try
        {
            Write("out", "seven");
        }
        catch (MessageRefusedException refused)
        {
            Print(refused.Message);
        }
        Write("out", 7);
        Delay(TimeSpan.FromDays(1));
    }
}

/// <summary>A collector whose installation always fails: the reconfiguration that brings it in must not happen.</summary>
public sealed class FailingInstall : Module
{
    protected override void Run()
    {
        while (true)
        {
            Read("in");
        }
    }

    protected override void Install(DivulgedState state) => throw new InvalidOperationException("this version cannot take over");
}

/// <summary>Server <c>ask</c>: reads a request and never answers it, so it never reaches a quiet moment.</summary>
public sealed class Stubborn : Module
{
    protected override void Run()
    {
        // Blocked in a read with a request unanswered, and woken by nothing: its status never changes
        // while a reconfiguration waits for it, so the one that gives up reports it exactly.
        while (true)
        {
            Read("ask");
        }
    }
}

/// <summary>An async collector: use <c>in</c> {integer}, prints what it reads, keeps a running total.</summary>
public sealed class AsyncSummer : AsyncModule
{
    private long _total;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _total += await ReadAsync<long>("in", cancellationToken);
            Print(_total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    protected override void Divulge(DivulgedState state) => state.Set("total", _total);

    protected override void Install(DivulgedState state) => _total = state.Get<long>("total");
}

/// <summary>Not a module: naming it as a source must fail clearly.</summary>
public sealed class NotAModule
{
}

/// <summary>
/// Define <c>out</c> {integer}: writes 0, 1, 2, … as fast as it can, forever. Every 1024 values it
/// passes a zero delay: a quiet moment, so a reconfiguration can stop it.
/// </summary>
public sealed class Flood : Module
{
    protected override void Run()
    {
        for (var i = 0; ; i++)
        {
            Write("out", i);
            if (i % 1024 == 0)
            {
                Delay(TimeSpan.Zero);
            }
        }
    }
}

/// <summary>Client <c>ask</c> {integer} accepts {~integer}: asks once, prints the answer, then idles.</summary>
public sealed class Asker : Module
{
    protected override void Run()
    {
        Print("answer " + Call<long>("ask", 41).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Delay(TimeSpan.FromDays(1));
    }
}

/// <summary>Server <c>ask</c> {~integer} returns {integer}: answers each request with its value, a second later.</summary>
public sealed class SlowEcho : Module
{
    protected override void Run()
    {
        while (true)
        {
            var request = Read("ask");
            Delay(TimeSpan.FromSeconds(1));
            Write("ask", request);
        }
    }
}

/// <summary>
/// Client <c>ask</c> {integer} accepts {~integer}: asks 0, 1, 2, … half a second apart, and prints
/// "ok N", or "mismatch" when a reply is not the answer to the request just made.
/// </summary>
public sealed class Caller : Module
{
    private long _next;

    protected override void Run()
    {
        while (true)
        {
            var reply = Call<long>("ask", _next);
            Print(reply == _next ? $"ok {_next}" : $"mismatch: asked {_next}, got {reply}");
            _next++;
            Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    protected override void Divulge(DivulgedState state) => state.Set("next", _next);

    protected override void Install(DivulgedState state) => _next = state.Get<long>("next");
}

/// <summary>
/// The Monitor's display, asking compute for averages of 24 temperatures, so that compute spends
/// most of each request more than 20 frames deep in its recursion.
/// </summary>
public sealed class DeepDisplay : Module
{
    public const int Count = 24;

    protected override void Run()
    {
        while (true)
        {
            var average = Call<double>("temper", Count);
            Print(average.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            Delay(TimeSpan.FromSeconds(3));
        }
    }
}

/// <summary>
/// Define <c>out</c> {string, integer}: writes (origin, 0), (origin, 1), … four at a time, once a
/// second, where the origin is the name of the instance it first ran as. Both are its state, so that
/// a history shows any value lost, written twice or reordered, whichever incarnation wrote it.
/// </summary>
public sealed class Sequencer : Module
{
    private string? _origin;
    private long _next;

    protected override void Run()
    {
        _origin ??= InstanceName;
        while (true)
        {
            for (var i = 0; i < 4; i++)
            {
                Write("out", Message.Of(Value.String(_origin), Value.Integer(_next++)));
            }
            Delay(TimeSpan.FromSeconds(1));
        }
    }

    protected override void Divulge(DivulgedState state)
    {
        state.Set("origin", _origin ?? InstanceName);
        state.Set("next", _next);
    }

    protected override void Install(DivulgedState state)
    {
        _origin = state.Get<string>("origin");
        _next = state.Get<long>("next");
    }
}

/// <summary>
/// Use <c>in</c> {string, integer}: reads forever, one message each 300 ms — slower than a
/// <see cref="Sequencer"/> writes, so that its queue holds messages when a change moves it. What it
/// reads is the history a test checks.
/// </summary>
public sealed class SequenceSink : Module
{
    protected override void Run()
    {
        while (true)
        {
            Read("in");
            Delay(TimeSpan.FromMilliseconds(300));
        }
    }
}

/// <summary>
/// A module that never gives control back: it spins without reading, writing or waiting — never at a
/// quiet moment, deaf to being deleted — until a test lets it go with <see cref="Release"/>.
/// </summary>
public sealed class Spinner : Module
{
    private static volatile bool s_released;

    public static void Release() => s_released = true;

    protected override void Run()
    {
        while (!s_released)
        {
            Thread.SpinWait(64);
        }
    }
}

/// <summary>Use <c>in</c> {integer}: prints each value it reads, one each 100 ms — slower than a <see cref="Flood"/> writes.</summary>
public sealed class SlowCollector : Module
{
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    protected override void Run()
    {
        while (true)
        {
            Print(Read<int>("in").ToString(System.Globalization.CultureInfo.InvariantCulture));
            Delay(Pace);
        }
    }
}

/// <summary>Use <c>in</c> {integer}: prints the first three values it reads, then fails.</summary>
public sealed class BrittleCollector : Module
{
    protected override void Run()
    {
        for (var i = 0; i < 3; i++)
        {
            Print(Read<int>("in").ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException("broke after three");
    }
}
