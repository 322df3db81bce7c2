using System.Collections.Immutable;

namespace Midflight.Runtime;

/// <summary>
/// A dry run's answer (<see cref="Node.DryRunAsync"/>): the steps a reconfiguration would carry out,
/// what was checked of it without stopping anything, and what would still be checked or waited for
/// when it ran — which only its moment can tell.
/// </summary>
public sealed record ReconfigurationPlan(ImmutableArray<string> Steps, ImmutableArray<string> Checked, ImmutableArray<string> WhenCarriedOut)
{
    /// <summary>The plan of <paramref name="reconfiguration"/> on a node with <paramref name="options"/>, once its checks have passed.</summary>
    internal static ReconfigurationPlan Of(Reconfiguration reconfiguration, ApplicationStatus status, NodeOptions options)
    {
        var steps = reconfiguration.Steps;
        var added = steps.OfType<AddModule>().ToList();
        var moves = steps.OfType<MoveState>().ToList();
        var checkedNow = new List<string> { "each step against the application as the steps before it leave it, and the result as a whole: names, bindings and their patterns" };
        foreach (var add in added)
        {
            checkedNow.Add(add.Spec.Source.IsProject
                ? $"{add.Spec.Source.Path} built{(add.Rebuild ? " again" : "")}, loaded, and its module class found"
                : $"{add.Spec.Source.Path} loaded, and its module class found");
            if (options.TrustedKeys is { } keys)
            {
                checkedNow.Add($"{add.Spec.Source.Path} signed by a trusted key ({string.Join(", ", keys.Ids)}), with every assembly beside it");
            }
        }
        foreach (var move in moves)
        {
            checkedNow.Add($"{move.To}'s code against what it takes over from {move.From}: its interfaces and the fields of its state (state mappers, interface adapters)");
        }
        var quiet = steps.Select(s => s switch
        {
            DeleteModule { Forced: false } delete when !delete.Module.IsNew => delete.Module.Name,
            StopModule stop when !stop.Module.IsNew => stop.Module.Name,
            MoveState move when !move.From.IsNew => move.From.Name,
            _ => null,
        }).OfType<string>().Distinct().ToList();
        var later = new List<string>();
        if (!reconfiguration.WhenIdle.IsDefaultOrEmpty)
        {
            later.Add($"wait until {string.Join(", ", reconfiguration.WhenIdle)} {(reconfiguration.WhenIdle.Length == 1 ? "is" : "are")} idle");
        }
        if (quiet.Count > 0)
        {
            later.Add($"wait up to {reconfiguration.Timeout ?? options.QuiesceTimeout} for {string.Join(", ", quiet)} to reach a reconfiguration point or a quiet moment, else abandon the whole change");
        }
        foreach (var move in moves)
        {
            later.Add($"capture {move.From}'s state there; a stack captured at a point is checked frame by frame against {move.To}'s code before anything commits");
        }
        foreach (var delete in steps.OfType<DeleteModule>().Where(d => d.Forced))
        {
            later.Add($"cut {delete.Module} off at once, dropping what is queued for it");
        }
        // A new version is one whose code may differ from the code it takes over: rebuilt, or from another source.
        var versions = moves.Where(move => added.FirstOrDefault(a => a.Module == move.To) is { } add
            && status.Instances.FirstOrDefault(i => i.Name == move.From.Name) is { } old
            && (add.Rebuild || add.Spec.Source != old.Spec.Source)).ToList();
        foreach (var move in versions)
        {
            later.Add($"if {move.To}'s code differs from what {move.From} runs, watch it for {options.HealthWindow} after it commits, and back it out if it fails or stops making progress for {options.ProgressTimeout}");
        }
        return new ReconfigurationPlan([.. steps.Select(s => s.ToString())], [.. checkedNow], [.. later]);
    }
}
