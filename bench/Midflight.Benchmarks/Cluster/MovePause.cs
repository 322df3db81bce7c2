using Midflight.Runtime;

namespace Midflight.Benchmarks.Cluster;

/// <summary>Moves the holder to the other node: one reconfiguration asked of the parent's node, which coordinates it.</summary>
internal static class MovePause
{
    /// <returns>What the move cost.</returns>
    public static async Task<ReconfigurationResult> MoveAsync(Node node)
    {
        var target = node.Status[ClusterWorkload.Holder].Node == ClusterWorkload.Parent ? ClusterWorkload.Child : ClusterWorkload.Parent;
        var result = await node.ReconfigureAsync(Scripts.Move(node.Status, ClusterWorkload.Holder, target));
        return result.MovedFrames[ClusterWorkload.Holder] == ClusterWorkload.HolderFrames
            ? result
            : throw new InvalidOperationException($"moved {result.MovedFrames[ClusterWorkload.Holder]} frames, not {ClusterWorkload.HolderFrames}");
    }
}
