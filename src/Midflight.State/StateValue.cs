using System.Globalization;
using Midflight.Model;

namespace Midflight.State;

/// <summary>What a snapshot value holds.</summary>
public enum StateValueKind : byte
{
    Null,
    Integer,
    Float,
    String,
    Boolean,
    List,
    Reference,
}

/// <summary>
/// A value in a snapshot: a scalar, an inline list (a queued message's list field), or a reference to
/// a heap object of the same snapshot by its id — which is how shared references and cycles survive.
/// </summary>
public readonly record struct StateValue
{
    private StateValue(StateValueKind kind, long bits, string? text, EquatableArray<StateValue> items)
    {
        Kind = kind;
        Bits = bits;
        Text = text;
        Items = items;
    }

    public StateValueKind Kind { get; }

    private long Bits { get; }

    private string? Text { get; }

    private EquatableArray<StateValue> Items { get; }

    public static StateValue Null => default;

    public static StateValue Integer(long value) => new(StateValueKind.Integer, value, null, default);

    public static StateValue Float(double value) => new(StateValueKind.Float, BitConverter.DoubleToInt64Bits(value), null, default);

    public static StateValue String(string value) => new(StateValueKind.String, 0, value, default);

    public static StateValue Boolean(bool value) => new(StateValueKind.Boolean, value ? 1 : 0, null, default);

    public static StateValue List(params IEnumerable<StateValue> items) => new(StateValueKind.List, 0, null, items.ToEquatableArray());

    /// <summary>A list of values already held as an immutable array: taken as it is, not copied.</summary>
    public static StateValue List(EquatableArray<StateValue> items) => new(StateValueKind.List, 0, null, items);

    public static StateValue Reference(int heapId) => new(StateValueKind.Reference, heapId, null, default);

    public long AsInteger() => Kind == StateValueKind.Integer ? Bits : throw WrongKind(StateValueKind.Integer);

    public double AsFloat() => Kind == StateValueKind.Float ? BitConverter.Int64BitsToDouble(Bits) : throw WrongKind(StateValueKind.Float);

    public string AsString() => Kind == StateValueKind.String ? Text! : throw WrongKind(StateValueKind.String);

    public bool AsBoolean() => Kind == StateValueKind.Boolean ? Bits != 0 : throw WrongKind(StateValueKind.Boolean);

    public EquatableArray<StateValue> AsList() => Kind == StateValueKind.List ? Items : throw WrongKind(StateValueKind.List);

    public int AsReference() => Kind == StateValueKind.Reference ? (int)Bits : throw WrongKind(StateValueKind.Reference);

    private InvalidCastException WrongKind(StateValueKind wanted) => new($"the value is {Kind}, not {wanted}");

    public override string ToString() => Kind switch
    {
        StateValueKind.Null => "null",
        StateValueKind.Integer => Bits.ToString(CultureInfo.InvariantCulture),
        StateValueKind.Float => AsFloat().ToString("R", CultureInfo.InvariantCulture),
        StateValueKind.String => "\"" + Text + "\"",
        StateValueKind.Boolean => Bits != 0 ? "true" : "false",
        StateValueKind.List => "[" + string.Join(", ", Items) + "]",
        _ => "#" + Bits.ToString(CultureInfo.InvariantCulture),
    };
}
