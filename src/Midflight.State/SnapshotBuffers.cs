using Microsoft.IO;

namespace Midflight.State;

/// <summary>
/// The buffers snapshots are encoded into, and read into when they cross between nodes: pooled, and
/// kept, so that encoding a snapshot of megabytes inside a pause writes to memory already in use.
/// Fresh memory costs page faults on first touch — milliseconds per megabyte on a virtual machine,
/// measured: more than the rest of a move's pause.
/// </summary>
public static class SnapshotBuffers
{
    private static readonly RecyclableMemoryStreamManager Pool = new(new RecyclableMemoryStreamManager.Options
    {
        // Encoded snapshots are written in blocks, and made contiguous, when they must be, in buffers
        // of whole megabytes; up to 64 MB of each kind kept free for the next one. Larger are not pooled.
        LargeBufferMultiple = 1 << 20,
        MaximumBufferSize = 64 << 20,
        MaximumSmallPoolFreeBytes = 64 << 20,
        MaximumLargePoolFreeBytes = 64 << 20,
    });

    /// <summary>An empty stream over pooled buffers, given back to the pool when it is disposed.</summary>
    public static RecyclableMemoryStream Rent() => Pool.GetStream();
}
