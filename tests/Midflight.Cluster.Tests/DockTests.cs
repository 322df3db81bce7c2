using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Midflight.Runtime;

namespace Midflight.Cluster.Tests;

/// <summary>A node's dock takes in the shipment of a move it expects, from whoever holds its ticket, once; anything else is closed unread.</summary>
public sealed class DockTests : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly List<(string Move, byte[] Step, byte[] Snapshot)> _arrived = [];
    private Dock _dock;

    public DockTests()
    {
        _dock = new Dock("127.0.0.1", (move, step, snapshot) =>
        {
            lock (_arrived)
            {
                _arrived.Add((move, step, snapshot.ToArray()));
            }
            return Task.FromResult(Wire.Reply(null));
        }, Timeout, NullLogger.Instance);
    }

    public ValueTask DisposeAsync() => _dock.DisposeAsync();

    [Fact]
    public async Task A_shipment_with_its_ticket_is_taken_in_whole()
    {
        var ticket = _dock.Expect("m1");
        var snapshot = Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 7)).ToArray();

        var answer = await Dock.ShipAsync(ticket, "m1", [1, 2, 3], snapshot, Timeout);

        Assert.Null(Wire.ReadReply(answer).Error);
        var (move, step, arrived) = Assert.Single(_arrived);
        Assert.Equal("m1", move);
        Assert.Equal([1, 2, 3], step);
        Assert.Equal(snapshot, arrived);
    }

    [Fact]
    public async Task A_wrong_ticket_is_closed_unread_and_takes_nothing_from_the_right_one()
    {
        var ticket = _dock.Expect("m1");
        var forged = ticket with { Ticket = new byte[ticket.Ticket.Length] };

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => Dock.ShipAsync(forged, "m1", [1], new byte[1 << 20], Timeout));

        Assert.Contains($"the shipment did not reach the dock at 127.0.0.1:{ticket.Port}", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_arrived);
        await Dock.ShipAsync(ticket, "m1", [2], new byte[] { 9 }, Timeout);
        Assert.Equal([2], Assert.Single(_arrived).Step);
    }

    [Fact]
    public async Task A_ticket_is_good_once_and_not_after_the_move_is_forgotten()
    {
        var used = _dock.Expect("m1");
        await Dock.ShipAsync(used, "m1", [1], new byte[] { 1 }, Timeout);
        var forgotten = _dock.Expect("m2");
        _dock.Forget("m2");

        await Assert.ThrowsAsync<ReconfigurationException>(() => Dock.ShipAsync(used, "m1", [1], new byte[] { 1 }, Timeout));
        await Assert.ThrowsAsync<ReconfigurationException>(() => Dock.ShipAsync(forgotten, "m2", [1], new byte[] { 1 }, Timeout));
        Assert.Single(_arrived);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public async Task A_docking_frame_longer_than_its_bound_is_closed_at_once(int length)
    {
        var ticket = _dock.Expect("m1");
        using var client = new TcpClient();
        await client.ConnectAsync(ticket.Host, ticket.Port);
        var stream = client.GetStream();
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        await stream.WriteAsync(header);

        // Closed on reading the length, not after the dock's 10 s: it waits for none of the bytes announced.
        var read = await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(0, read);
        Assert.Empty(_arrived);
    }

    [Fact]
    public async Task A_docking_frame_that_is_no_docking_is_closed_and_the_ticket_still_holds()
    {
        var ticket = _dock.Expect("m1");
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(ticket.Host, ticket.Port);
            var stream = client.GetStream();
            // A frame of one byte: MessagePack's nil, where the move and its ticket should be.
            await stream.WriteAsync(new byte[] { 0, 0, 0, 1, 0xC0 });
            Assert.Equal(0, await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(3)));
        }

        await Dock.ShipAsync(ticket, "m1", [1], new byte[] { 1 }, Timeout);

        Assert.Single(_arrived);
    }

    [Fact]
    public async Task Nothing_listening_there_is_a_clear_refusal()
    {
        var ticket = _dock.Expect("m1");
        await _dock.DisposeAsync();

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => Dock.ShipAsync(ticket, "m1", [1], new byte[] { 1 }, Timeout));

        Assert.StartsWith($"the shipment did not reach the dock at 127.0.0.1:{ticket.Port}: ", refused.Message, StringComparison.Ordinal);
        _dock = new Dock("127.0.0.1", (_, _, _) => Task.FromResult(Wire.Reply(null)), Timeout, NullLogger.Instance);
    }
}
