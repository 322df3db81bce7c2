using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MessagePack;
using Microsoft.Extensions.Logging;
using Midflight.Runtime;
using Midflight.State;

namespace Midflight.Cluster;

/// <summary>
/// Where instances moved to this node come in: a TCP listener of the node's own, beside Akka.Remote.
/// A shipment — the instance's snapshot, queues and requests, a megabyte or more — crosses on a
/// connection of its own, straight from the source, because Akka.Remote carries one large message
/// slowly (tens of milliseconds for a megabyte, see docs/performance.md) and a move's pause waits for
/// it. The steps of the move stay on Akka.
/// </summary>
/// <remarks>
/// The dock takes a shipment only with the ticket of a move this node expects: 32 random bytes it
/// gave the move's coordinator over Akka.Remote (<see cref="Expect"/>), good once. A process outside
/// the cluster, which cannot talk to its nodes, has no ticket, and its connection is closed before a
/// byte of its shipment is read. On a connection: a frame with the move and the ticket, then the
/// shipment's two frames, the step and the encoded snapshot; back, a frame with the answer
/// (<see cref="Wire.Reply"/>). A frame is its length as four bytes, big-endian, then its bytes.
/// </remarks>
internal sealed class Dock : IAsyncDisposable
{
    private const int TicketBytes = 32;
    private const int MaximumHeaderSize = 1024;

    // Room for a megabyte-sized shipment in the socket's buffers from the start, not after the window grows.
    private const int BufferSize = 4 * 1024 * 1024;

    private readonly TcpListener _listener;
    private readonly string _host;
    private readonly Func<string, byte[], ReadOnlyMemory<byte>, Task<byte[]>> _arrive;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte[]> _tickets = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _accepting;

    /// <param name="host">The address this node listens on and other nodes reach it at.</param>
    /// <param name="arrive">Takes in a shipment for a move (its step and its snapshot), and gives the answer to send back.</param>
    /// <param name="timeout">How long a connection may take to send its shipment, or to take the answer.</param>
    /// <param name="logger">Where a refused connection is reported.</param>
    public Dock(string host, Func<string, byte[], ReadOnlyMemory<byte>, Task<byte[]>> arrive, TimeSpan timeout, ILogger logger)
    {
        _host = host;
        _arrive = arrive;
        _timeout = timeout;
        _logger = logger;
        _listener = new TcpListener(IPAddress.TryParse(host, out var address) ? address : Dns.GetHostAddresses(host)[0], 0);
        _listener.Server.ReceiveBufferSize = BufferSize;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Expects the shipment of <paramref name="move"/>: where to send it, and the ticket it must carry.</summary>
    public DockTicket Expect(string move)
    {
        var ticket = RandomNumberGenerator.GetBytes(TicketBytes);
        _tickets[move] = ticket;
        return new DockTicket(_host, ((IPEndPoint)_listener.LocalEndpoint).Port, ticket);
    }

    /// <summary>No longer expects the shipment of <paramref name="move"/>: it is abandoned.</summary>
    public void Forget(string move) => _tickets.TryRemove(move, out _);

    /// <summary>Sends the shipment of <paramref name="move"/> to the dock of the node that expects it, and waits for it to be taken in.</summary>
    /// <returns>The answer (<see cref="Wire.Reply"/>) of the node that took it in.</returns>
    /// <exception cref="ReconfigurationException">The node could not be reached, or did not answer within <paramref name="timeout"/>.</exception>
    public static async Task<byte[]> ShipAsync(DockTicket dock, string move, byte[] step, ReadOnlyMemory<byte> snapshot, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        using var client = new TcpClient { NoDelay = true, SendBufferSize = BufferSize };
        try
        {
            await client.ConnectAsync(dock.Host, dock.Port, timer.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await WriteFrameAsync(stream, Wire.Encode(new Docking(move, dock.Ticket)), timer.Token).ConfigureAwait(false);
            await WriteFrameAsync(stream, step, timer.Token).ConfigureAwait(false);
            await WriteFrameAsync(stream, snapshot, timer.Token).ConfigureAwait(false);
            return await ReadFrameAsync(stream, AkkaSettings.MaximumFrameSize, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception)
        {
            throw new ReconfigurationException($"the dock at {dock.Host}:{dock.Port} did not take the shipment in within {timeout.TotalSeconds:0.###} s", exception);
        }
        catch (Exception exception) when (exception is SocketException or IOException or WireFormatException)
        {
            throw new ReconfigurationException($"the shipment did not reach the dock at {dock.Host}:{dock.Port}: {exception.Message}", exception);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_closing.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = TakeInAsync(client);
        }
    }

    private async Task TakeInAsync(TcpClient client)
    {
        using (client)
        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token))
        {
            timer.CancelAfter(_timeout);
            var from = client.Client.RemoteEndPoint?.ToString() ?? "an unknown address";
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var docking = Wire.Body<Docking>(await ReadFrameAsync(stream, MaximumHeaderSize, timer.Token).ConfigureAwait(false));
                // Good once: a second connection with the same ticket finds none. A wrong one takes nothing away.
                if (docking?.Move is null || docking.Ticket is null
                    || !_tickets.TryGetValue(docking.Move, out var ticket)
                    || !CryptographicOperations.FixedTimeEquals(ticket, docking.Ticket)
                    || !_tickets.TryRemove(KeyValuePair.Create(docking.Move, ticket)))
                {
                    ClusterLog.DockRefused(_logger, from, $"it holds no ticket of a move this node expects (move {docking?.Move})");
                    return;
                }
                var step = await ReadFrameAsync(stream, AkkaSettings.MaximumFrameSize, timer.Token).ConfigureAwait(false);
                using var snapshot = SnapshotBuffers.Rent();
                var length = await ReadLengthAsync(stream, AkkaSettings.MaximumFrameSize, timer.Token).ConfigureAwait(false);
                snapshot.SetLength(length);
                var encoded = snapshot.GetBuffer().AsMemory(0, length);
                await ReadExactlyAsync(stream, encoded, timer.Token).ConfigureAwait(false);
                await WriteFrameAsync(stream, await _arrive(docking.Move, step, encoded).ConfigureAwait(false), timer.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException or IOException or WireFormatException or MessagePackSerializationException)
            {
                ClusterLog.DockRefused(_logger, from, exception.Message);
            }
        }
    }

    private static async Task WriteFrameAsync(NetworkStream stream, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, frame.Length);
        await stream.WriteAsync(length, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="WireFormatException">The frame says it is longer than <paramref name="maximum"/>, or the connection ends before it does.</exception>
    private static async Task<byte[]> ReadFrameAsync(NetworkStream stream, int maximum, CancellationToken cancellationToken)
    {
        var frame = new byte[await ReadLengthAsync(stream, maximum, cancellationToken).ConfigureAwait(false)];
        await ReadExactlyAsync(stream, frame, cancellationToken).ConfigureAwait(false);
        return frame;
    }

    /// <summary>The length a frame starts with.</summary>
    /// <exception cref="WireFormatException">It is more than <paramref name="maximum"/>, or the connection ends before it.</exception>
    private static async Task<int> ReadLengthAsync(NetworkStream stream, int maximum, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await ReadExactlyAsync(stream, header, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        return length >= 0 && length <= maximum
            ? length
            : throw new WireFormatException($"a frame of {length} bytes, where at most {maximum} are taken");
    }

    /// <exception cref="WireFormatException">The connection ends first.</exception>
    private static async Task ReadExactlyAsync(NetworkStream stream, Memory<byte> into, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(into, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException exception)
        {
            throw new WireFormatException("the connection ended in the middle of a frame", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }
        await _closing.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _closing.Dispose();
    }
}
