// points: R, S, T
// A discrete-event simulation of a bank: events in a SortedDictionary<int, Queue<BankEvent>> agenda,
// customers waiting in a Queue, free tellers on a Stack, times from a small LCG; 'while (Step())' drives
// it and a switch expression dispatches each event to its handler; stops at each event, each service
// and each customer still waiting at closing.
namespace Corpus;

public enum BankEventKind
{
    Arrival,
    Departure,
    Closing,
}

public sealed record BankEvent(int Time, BankEventKind Kind, int Customer, int Teller = -1);

public sealed class BankSimulation : Midflight.Module
{
    private const int ClosingTime = 45;
    private readonly SortedDictionary<int, Queue<BankEvent>> _agenda = [];
    private readonly Queue<(int Customer, int Since)> _line = new();
    private readonly Stack<int> _freeTellers = new([1, 0]);
    private uint _seed = 2024;
    private bool _open = true;
    private int _now;
    private int _served;
    private int _totalWait;

    protected override void Run()
    {
        Schedule(new BankEvent(0, BankEventKind.Arrival, 1));
        Schedule(new BankEvent(ClosingTime, BankEventKind.Closing, 0));
        var events = 0;
        while (Step())
        {
            events++;
        }
        Print($"{events} events, {_served} served, average wait {(_served == 0 ? 0 : _totalWait / (double)_served):F2}");
    }

    private int NextRandom(int low, int high)
    {
        _seed = unchecked(_seed * 1103515245 + 12345);
        return low + (int)((_seed >> 16) % (uint)(high - low + 1));
    }

    private void Schedule(BankEvent bankEvent)
    {
        if (!_agenda.TryGetValue(bankEvent.Time, out var queue))
        {
            queue = new Queue<BankEvent>();
            _agenda.Add(bankEvent.Time, queue);
        }
        queue.Enqueue(bankEvent);
    }

    private bool Step()
    {
        if (_agenda.Count == 0)
        {
            return false;
        }
        var (time, queue) = _agenda.First();
        var next = queue.Dequeue();
        if (queue.Count == 0)
        {
            _agenda.Remove(time);
        }
        _now = time;
    R:
        var note = next.Kind switch
        {
            BankEventKind.Arrival => Arrive(next.Customer),
            BankEventKind.Departure => Depart(next.Customer, next.Teller),
            BankEventKind.Closing => Close(),
            _ => throw new InvalidOperationException($"unknown event {next}"),
        };
        Print($"t={_now,2} {note}");
        return true;
    }

    private string Arrive(int customer)
    {
        if (_open)
        {
            Schedule(new BankEvent(_now + NextRandom(1, 6), BankEventKind.Arrival, customer + 1));
        }
        if (_freeTellers.Count > 0)
        {
            var teller = _freeTellers.Pop();
            Serve(customer, teller, 0);
            return $"customer {customer} goes to teller {teller}";
        }
        _line.Enqueue((customer, _now));
        return $"customer {customer} waits, {_line.Count} in line";
    }

    private string Depart(int customer, int teller)
    {
        _served++;
        if (_line.Count > 0)
        {
            var (waiting, since) = _line.Dequeue();
            Serve(waiting, teller, _now - since);
            return $"customer {customer} leaves teller {teller}, customer {waiting} steps up";
        }
        _freeTellers.Push(teller);
        return $"customer {customer} leaves teller {teller}";
    }

    private void Serve(int customer, int teller, int waited)
    {
        var duration = NextRandom(3, 9);
        _totalWait += waited;
    S:
        Schedule(new BankEvent(_now + duration, BankEventKind.Departure, customer, teller));
    }

    private string Close()
    {
        _open = false;
        var arrivals = _agenda.Values.SelectMany(q => q).Count(e => e.Kind == BankEventKind.Arrival);
        var waiting = new List<int>();
        foreach (var (customer, since) in _line)
        {
        T:
            waiting.Add(customer);
            Print($"  at closing customer {customer} has waited {_now - since}");
        }
        return $"doors close; {arrivals} still to come in, {waiting.Count} waiting";
    }
}
