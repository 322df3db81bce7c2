using System.Net;
using System.Net.Sockets;
using System.Text;
using Midflight.Control;

namespace Midflight.Cli.Tests;

/// <summary>
/// Something that answers where a node's files say the node is: it holds the configuration's lock
/// and answers every request with one fixed response, over real HTTP on loopback. For the answers no
/// real node gives.
/// </summary>
internal sealed class FakeNode : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly NodeLock _lock;
    private readonly string _response;

    private FakeNode(string configuration, int status, string body)
    {
        var folder = Path.Combine(Path.GetDirectoryName(configuration)!, ".midflight");
        _lock = new ControlFiles(folder, Path.GetFileNameWithoutExtension(configuration)).Lock();
        _response = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        _listener.Start();
        WritePrivate(_lock.Files.AddressFile, $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        WritePrivate(_lock.Files.TokenFile, "token");
        _ = Task.Run(ServeAsync);
    }

    /// <summary>Answers every request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public static FakeNode Answering(string configuration, int status, string body) => new(configuration, status, body);

    /// <summary>Holds the lock and names an address where nothing listens: a node that hangs, or is cut off.</summary>
    public static FakeNode Silent(string configuration)
    {
        var node = new FakeNode(configuration, 200, "");
        node._listener.Stop();
        return node;
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        break;
                    }
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                await stream.WriteAsync(Encoding.UTF8.GetBytes(_response));
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or IOException)
        {
            // Stopped.
        }
    }

    private static void WritePrivate(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _lock.Dispose();
    }
}
