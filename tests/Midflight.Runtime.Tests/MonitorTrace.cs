namespace Midflight.Runtime.Tests;

/// <summary>One display request as compute served it: n, the sensor values it consumed, its reply.</summary>
internal sealed record ServedRequest(int N, IReadOnlyList<int> Values, double? Reply)
{
    /// <summary>The mean as Figure 3 computes it: each value divided by n, added in reading order.</summary>
    public double Mean => Values.Aggregate(0.0, (sum, value) => sum + ((double)value / N));
}

/// <summary>Reads compute's side of the Monitor's traffic back into requests.</summary>
internal static class MonitorTrace
{
    /// <summary>
    /// Walks compute's reads and writes in order (all incarnations share the name "compute"). A read on
    /// "display" opens a request; the next n reads on "sensor" belong to it; the write on "display"
    /// answers it. Sensor reads outside a request are the buffer clearing of Figure 3.
    /// </summary>
    public static IReadOnlyList<ServedRequest> Requests(Recorder recorder)
    {
        var served = new List<ServedRequest>();
        (int N, List<int> Values)? open = null;
        foreach (var traced in recorder.Trace.Where(t => t.Instance == "compute"))
        {
            switch ((traced.Interface, traced.Written))
            {
                case ("display", false):
                    Assert.Null(open); // a request read while another is unanswered
                    open = (traced.Message.Single<int>(), []);
                    break;
                case ("sensor", false) when open is { } request && request.Values.Count < request.N:
                    request.Values.Add(traced.Message.Single<int>());
                    break;
                case ("display", true):
                    Assert.NotNull(open); // a reply with no request
                    Assert.Equal(open.Value.N, open.Value.Values.Count);
                    served.Add(new ServedRequest(open.Value.N, open.Value.Values, traced.Message.Single<double>()));
                    open = null;
                    break;
            }
        }
        if (open is { } unanswered)
        {
            served.Add(new ServedRequest(unanswered.N, unanswered.Values, null));
        }
        return served;
    }
}
