using Midflight.Model;
using Midflight.State;
using Midflight.State.Graph;

namespace Midflight.Runtime.Updates;

/// <summary>
/// The consistency check of an update (DYMOS, PODUS): whether new code fits the running program —
/// the interfaces its instance is bound by, the state the old version holds, the frames it stands in.
/// Each method returns every misfit, in words that say what to change; none means it fits.
/// </summary>
internal static class UpdateCheck
{
    /// <summary>
    /// The interfaces the bus gives an instance (<paramref name="bus"/>) against those its code was
    /// built for (<paramref name="declared"/>): the same kinds, and the same patterns unless an adapter
    /// converts between them.
    /// </summary>
    public static IEnumerable<string> Interfaces(ModuleSpec bus, ModuleSpec declared, InterfaceAdapters adapters)
    {
        foreach (var used in bus.Interfaces)
        {
            var built = declared.Interfaces.FirstOrDefault(i => i.Name == used.Name);
            if (built is null)
            {
                yield return $"the new version does not declare interface '{used.Name}', which the instance has ({Describe(used)})";
                continue;
            }
            if (built.Kind != used.Kind)
            {
                yield return $"interface '{used.Name}' is a {used.Kind.Keyword()} interface, and the new version declares a {built.Kind.Keyword()} one";
                continue;
            }
            if (built.Pattern != used.Pattern && adapters.For(used.Name, replies: false) is null)
            {
                yield return $"interface '{used.Name}' carries {used.Pattern}, and the new version's carries {built.Pattern}: "
                    + $"give it an adapter, [InterfaceAdapter(\"{used.Name}\")] static Message M(Message), or change the peers' patterns with it";
            }
            var usedReplies = used.Accepts ?? used.Returns;
            var builtReplies = built.Accepts ?? built.Returns;
            if (usedReplies != builtReplies && adapters.For(used.Name, replies: true) is null)
            {
                yield return $"interface '{used.Name}' replies with {usedReplies}, and the new version's with {builtReplies}: "
                    + $"give it an adapter, [InterfaceAdapter(\"{used.Name}\", Replies = true)] static Message M(Message)";
            }
        }
        foreach (var extra in declared.Interfaces.Where(i => bus.Interfaces.All(u => u.Name != i.Name)))
        {
            yield return $"the new version declares interface '{extra.Name}', which the instance does not have: add it with a reconfiguration that gives the instance a specification with it";
        }
    }

    private static string Describe(InterfaceSpec spec) => $"{spec.Kind.Keyword()} interface, pattern {spec.Pattern}";

    /// <summary>
    /// The fields of the running version's module class (<paramref name="old"/>), and those procedure
    /// updates <paramref name="added"/> to the instance, against the new one's: each must be declared
    /// again in the same shape, or converted by a state mapper.
    /// </summary>
    public static IEnumerable<string> Fields(Type old, Type @new, IEnumerable<(string Name, Type Type)> added)
    {
        var mappers = StateMappers.Of(@new);
        foreach (var mapper in mappers.Values)
        {
            if (StateMappers.Misfit(mapper) is { } misfit)
            {
                yield return misfit;
            }
        }
        var newFields = StateShape.FieldsOf(@new, typeof(ModuleBase)).ToDictionary(f => f.Name, f => f.Field, StringComparer.Ordinal);
        var addedFields = added.ToList();
        // A field a procedure update's mapper converted is its box now: the box's type is the field's.
        foreach (var (name, type) in StateShape.FieldsOf(old, typeof(ModuleBase)).Where(f => addedFields.All(a => a.Name != f.Name)).Select(f => (f.Name, f.Field.FieldType)).Concat(addedFields))
        {
            if (mappers.ContainsKey(name))
            {
                continue;
            }
            if (!newFields.TryGetValue(name, out var now))
            {
                yield return $"field '{name}' ({TypeNames.Of(type)}) is gone from the new version, and no [StateMapper(\"{name}\")] converts it";
            }
            else if (StateShape.Difference(type, now.FieldType) is { } difference)
            {
                yield return $"field '{name}' changed shape ({difference}), and no [StateMapper(\"{name}\")] converts it";
            }
        }
    }

    /// <summary>
    /// The fields of a module class that hold state an instance builds as it runs: every field but a
    /// read-only one of a value that cannot change (a number, a string, an enum...), which each version
    /// sets for itself as it is made. None means a new instance of another version lacks nothing of it.
    /// </summary>
    public static IEnumerable<string> KeptState(Type module) =>
        StateShape.FieldsOf(module, typeof(ModuleBase))
            .Where(f => !(f.Field.IsInitOnly && IsUnchangeable(f.Field.FieldType)))
            .Select(f => $"field '{f.Name}' ({TypeNames.Of(f.Field.FieldType)})");

    private static bool IsUnchangeable(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid)
        || (Nullable.GetUnderlyingType(type) is { } underlying && IsUnchangeable(underlying));

    /// <summary>
    /// The frames of a captured stack, and of its workers' stacks, against the new version's resume sites: each frame's site must
    /// be there, stand at the same call or point, and need no variable the old frame does not hold.
    /// </summary>
    public static IEnumerable<string> Frames(Snapshot snapshot, Type old, Type @new)
    {
        var oldSites = SitesOf(old);
        var newSites = SitesOf(@new);
        foreach (var frame in snapshot.Frames.Concat(snapshot.Workers.SelectMany(w => w.Frames)).DistinctBy(f => (f.Method, f.ResumeSite)))
        {
            var key = $"{frame.Method}#{frame.ResumeSite}";
            var was = oldSites.GetValueOrDefault(key);
            if (!newSites.TryGetValue(key, out var now))
            {
                yield return $"the module stands in '{frame.Method}' at site {frame.ResumeSite}{(was is null ? "" : $" ({was.What})")}, which the new version does not have: it cannot resume there";
                continue;
            }
            if (was is null)
            {
                continue;
            }
            if (was.What != now.What)
            {
                yield return $"site {frame.ResumeSite} of '{frame.Method}' {was.What} in the running version, and {now.What} in the new one";
            }
            foreach (var variable in now.Variables.Where(v => !was.Variables.Contains(v)))
            {
                yield return $"at site {frame.ResumeSite} of '{frame.Method}' the new version resumes with variable '{variable.Name}' ({variable.Type}), which the running version does not keep there";
            }
        }
    }

    private static Dictionary<string, ResumeSite> SitesOf(Type moduleType) =>
        (moduleType.GetCustomAttributes(typeof(PreparedForReconfigurationAttribute), inherit: false) is [PreparedForReconfigurationAttribute prepared]
            ? prepared.ResumeSites.Select(ResumeSite.Parse)
            : []).ToDictionary(s => s.Key, StringComparer.Ordinal);
}
