using Microsoft.AspNetCore.Http;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.State;

namespace Midflight.Control;

/// <summary>
/// Recordings over HTTP: a recording answered as JSON (<see cref="RecordingJson"/>); and what a
/// rehearsal request may carry — a recording or file of messages as JSON, or a snapshot alone as
/// <see cref="SnapshotCodec.MediaType"/>.
/// </summary>
internal static class RecordingAnswer
{
    public static IResult Of(Recording recording, HttpContext context) =>
        Results.Stream(body => BufferedBody.WriteAsync(buffer => RecordingJson.Write(recording, buffer), body, context.RequestAborted), "application/json");

    /// <summary>The recording a request carries for <paramref name="instance"/>, or null if its body is empty.</summary>
    /// <exception cref="RecordingFormatException">The JSON is not a recording that fits the instance.</exception>
    /// <exception cref="SnapshotFormatException">The snapshot is not one.</exception>
    public static async Task<Recording?> ReadAsync(HttpRequest request, string instance, ModuleSpec spec, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return null;
        }
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        if (request.ContentType?.StartsWith(SnapshotCodec.MediaType, StringComparison.OrdinalIgnoreCase) == true)
        {
            return new Recording(instance, []) { Snapshot = SnapshotCodec.Decode(bytes) };
        }
        return RecordingJson.Read(bytes, instance, spec);
    }
}
