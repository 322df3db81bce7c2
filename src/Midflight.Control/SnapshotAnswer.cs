using System.Text;
using Microsoft.AspNetCore.Http;
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

    /// <summary><see cref="SnapshotJson"/> writes as it goes, synchronously: through a <see cref="BufferedBody"/>. The JSON of a deep snapshot is many times its size.</summary>
    private static Task WriteJsonAsync(Snapshot snapshot, Stream body, CancellationToken cancellationToken) =>
        BufferedBody.WriteAsync(buffer =>
        {
            using var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            SnapshotJson.Write(snapshot, text);
        }, body, cancellationToken);
}
