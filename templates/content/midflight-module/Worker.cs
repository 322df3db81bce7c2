using Midflight;

namespace MidflightModule;

/// <summary>
/// Serves requests on its <c>requests</c> interface: each is a number, answered with the running total.
/// Its point R (in worker.mil) is the read of the next request, so the build prepares it to be
/// replaced, moved or updated there with its total.
/// </summary>
public sealed class Worker : Module
{
    private long total;

    protected override void Run()
    {
        int request;
        while (true)
        {
        R:
            request = Read<int>("requests");
            total += request;
            Write("requests", total);
        }
    }
}
