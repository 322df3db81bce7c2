namespace Midflight.Runtime;

/// <summary>
/// The version a stable group's member runs: the source its specification names, and the very
/// assembly that was loaded, so that a node started again runs exactly that code whatever has become
/// of the source since.
/// </summary>
/// <param name="Source">The module source, as the specification's <c>source</c> writes it.</param>
/// <param name="AssemblyPath">The file the assembly was read from, beside which its dependencies are found.</param>
/// <param name="Assembly">The assembly's bytes.</param>
/// <param name="Hash">The SHA-256 of <paramref name="Assembly"/>, in hex: what tells versions apart.</param>
public sealed record StableVersion(string Source, string AssemblyPath, ReadOnlyMemory<byte> Assembly, string Hash)
{
    /// <summary>The first characters of a version's hash, as messages name it.</summary>
    public static string Short(string hash) => hash[..Math.Min(12, hash.Length)];
}

/// <summary>
/// What the stable store holds of one member of a stable group: the version it runs and its fields'
/// state (an encoded <see cref="State.Snapshot"/> without frames), as last committed.
/// </summary>
/// <param name="Group">The group it is a member of.</param>
/// <param name="Instance">The member.</param>
/// <param name="Module">The name of the module specification it is an instance of.</param>
/// <param name="Version">The code it runs.</param>
/// <param name="State">Its fields, encoded by <see cref="State.SnapshotCodec"/>.</param>
/// <param name="At">When the state was committed, by the node's clock.</param>
public sealed record StableRecord(string Group, string Instance, string Module, StableVersion Version, ReadOnlyMemory<byte> State, DateTimeOffset At);
