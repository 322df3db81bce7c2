namespace Midflight.Model;

/// <summary>
/// One field of a pattern. <see cref="Received"/> is the <c>~</c> mark: the field travels towards
/// the side that declares it.
/// </summary>
public readonly record struct PatternField(DataType Type, bool Received = false)
{
    public override string ToString() => (Received ? "~" : "") + Type;
}

/// <summary>The shape of a message: an ordered list of typed fields, written <c>{integer, ~float}</c>.</summary>
public sealed record Pattern(EquatableArray<PatternField> Fields)
{
    public static Pattern Of(params ReadOnlySpan<DataType> types) =>
        new(types.ToArray().Select(t => new PatternField(t)).ToEquatableArray());

    /// <summary>Whether two patterns carry the same types in the same order; the <c>~</c> marks are not compared.</summary>
    public bool SameShapeAs(Pattern other) =>
        Fields.Count == other.Fields.Count && Fields.Zip(other.Fields).All(pair => pair.First.Type == pair.Second.Type);

    public override string ToString() => "{" + string.Join(", ", Fields) + "}";
}
