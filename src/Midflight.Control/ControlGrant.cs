using System.Collections.Immutable;

namespace Midflight.Control;

/// <summary>
/// What one token may do: its name (who asks, in the node's log and event log), its highest right, and
/// for <see cref="ControlRight.Change"/>, the instances it may change (none named: every instance).
/// The token itself is not kept, only its SHA-256.
/// </summary>
public sealed record ControlGrant(string Name, ControlRight Right, ImmutableArray<string> Instances, string TokenHash)
{
    /// <summary>The name of the node's own token, written to its <c>.token</c> file: every right.</summary>
    public const string Owner = "owner";

    /// <summary>The grant of the node's own token.</summary>
    public static readonly ControlGrant OwnerGrant = new(Owner, ControlRight.Script, [], "");

    /// <summary>Why this grant does not allow <paramref name="right"/> on <paramref name="instance"/>; null if it does.</summary>
    public string? Refusal(ControlRight right, string? instance)
    {
        var beyond = right > Right
            || (right == ControlRight.Change && Right == ControlRight.Change && !Instances.IsDefaultOrEmpty
                && (instance is null || !Instances.Contains(instance, StringComparer.Ordinal)));
        return beyond ? $"token '{Name}' may {Describe()}, not {Asked(right, instance)}" : null;
    }

    /// <summary>The grant in words: <c>read only</c>, <c>change display, compute</c>, <c>run scripts</c>.</summary>
    public string Describe() => Right switch
    {
        ControlRight.Read => "only read",
        ControlRight.Change when Instances.IsDefaultOrEmpty => "change any instance",
        ControlRight.Change => $"change {string.Join(", ", Instances)} only",
        _ => "run scripts and change anything",
    };

    private static string Asked(ControlRight right, string? instance) => right switch
    {
        ControlRight.Change => $"change '{instance}'",
        ControlRight.Script => "run a script",
        _ => "read",
    };
}
