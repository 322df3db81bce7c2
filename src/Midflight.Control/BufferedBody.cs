using Microsoft.AspNetCore.WebUtilities;

namespace Midflight.Control;

/// <summary>
/// A response body written synchronously, as the serializers of snapshots and recordings write, which
/// Kestrel refuses on the body itself: into a buffer that keeps 32 KB in memory and the rest in a
/// temporary file, which then goes out asynchronously.
/// </summary>
internal static class BufferedBody
{
    public static async Task WriteAsync(Action<Stream> write, Stream body, CancellationToken cancellationToken)
    {
        await using var buffer = new FileBufferingWriteStream();
        write(buffer);
        await buffer.DrainBufferAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
