using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Midflight.State;

namespace Midflight.Control;

/// <summary>
/// A captured snapshot as the control endpoint answers it: encoded (<see cref="SnapshotCodec"/>) when
/// the request accepts <see cref="SnapshotCodec.MediaType"/> — what <c>midflight state capture</c> asks
/// for, and writes to a file with <c>--out</c> — and otherwise as readable JSON.
/// </summary>
internal static class SnapshotAnswer
{
    public static IResult Of(Snapshot snapshot, HttpContext context) =>
        context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(SnapshotCodec.MediaType, StringComparison.OrdinalIgnoreCase))
            ? Results.Bytes(SnapshotCodec.Encode(snapshot), SnapshotCodec.MediaType)
            : Results.Stream(body => WriteJsonAsync(snapshot, body, context.RequestAborted), "application/json");

    /// <summary>
    /// <see cref="SnapshotJson"/> writes as it goes, synchronously, which Kestrel refuses on a response
    /// body: it writes to a buffer that keeps 32 KB in memory and the rest in a temporary file, which
    /// then goes out asynchronously. The JSON of a deep snapshot is many times its size.
    /// </summary>
    private static async Task WriteJsonAsync(Snapshot snapshot, Stream body, CancellationToken cancellationToken)
    {
        await using var buffer = new FileBufferingWriteStream();
        await using (var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
        {
            SnapshotJson.Write(snapshot, text);
        }
        await buffer.DrainBufferAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
