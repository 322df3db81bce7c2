// points: R
// Bellman-Ford over an array of record-struct edges with long distances, then a negative cycle found on a
// second graph; stops in each relaxation round.
namespace Corpus;

public readonly record struct BellmanEdge(int From, int To, int Weight);

public sealed class BellmanFord : Midflight.Module
{
    private const long Unreached = long.MaxValue;

    protected override void Run()
    {
        BellmanEdge[] edges =
        [
            new(0, 1, 6), new(0, 3, 7), new(1, 2, 5), new(1, 3, 8), new(1, 4, -4),
            new(2, 1, -2), new(3, 2, -3), new(3, 4, 9), new(4, 0, 2), new(4, 2, 7),
        ];
        var distance = Relax(5, edges, 0);
        Print(distance is null ? "negative cycle" : "distances " + string.Join(" ", distance));

        BellmanEdge[] withCycle = [.. edges.Where(e => e != new BellmanEdge(4, 0, 2)), new(4, 0, -9)];
        var broken = Relax(5, withCycle, 0);
        Print(broken is null ? "negative cycle" : "distances " + string.Join(" ", broken));
    }

    private long[]? Relax(int vertices, BellmanEdge[] edges, int source)
    {
        var distance = new long[vertices];
        Array.Fill(distance, Unreached);
        distance[source] = 0;
        for (var round = 1; round < vertices; round++)
        {
            var changed = 0;
            foreach (var edge in edges)
            {
                if (distance[edge.From] != Unreached && distance[edge.From] + edge.Weight < distance[edge.To])
                {
                    distance[edge.To] = distance[edge.From] + edge.Weight;
                    changed++;
                }
            }
        R:
            Print($"round {round}: {changed} relaxed, now {string.Join(" ", distance.Select(d => d == Unreached ? "inf" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}");
            if (changed == 0)
            {
                break;
            }
        }
        foreach (var (from, to, weight) in edges)
        {
            if (distance[from] != Unreached && distance[from] + weight < distance[to])
            {
                Print($"edge {from}->{to} still relaxes");
                return null;
            }
        }
        return distance;
    }
}
