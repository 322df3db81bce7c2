using System.Collections.Immutable;
using System.Globalization;

namespace Midflight;

/// <summary>
/// One field of a message: an integer (64-bit), a float (64-bit), a string, a boolean, or a list of
/// values. Values are machine-independent, so a message or a divulged state means the same on any node.
/// </summary>
/// <remarks>
/// A struct with the scalar in <c>_bits</c> and a string or list in <c>_object</c>: scalar messages
/// cross the bus without allocating.
/// </remarks>
public readonly struct Value : IEquatable<Value>
{
    private readonly object? _object;
    private readonly long _bits;

    private Value(ValueKind kind, long bits, object? obj)
    {
        Kind = kind;
        _bits = bits;
        _object = obj;
    }

    public ValueKind Kind { get; }

    public static Value Integer(long value) => new(ValueKind.Integer, value, null);

    public static Value Float(double value) => new(ValueKind.Float, BitConverter.DoubleToInt64Bits(value), null);

    public static Value String(string value) => new(ValueKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public static Value Boolean(bool value) => new(ValueKind.Boolean, value ? 1 : 0, null);

    public static Value List(params ReadOnlySpan<Value> items) => new(ValueKind.List, 0, ImmutableArray.Create(items));

    public static Value List(IEnumerable<Value> items) => new(ValueKind.List, 0, items.ToImmutableArray());

    public long AsInteger() => Kind == ValueKind.Integer ? _bits : throw WrongKind(ValueKind.Integer);

    public double AsFloat() => Kind == ValueKind.Float ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind(ValueKind.Float);

    public string AsString() => Kind == ValueKind.String ? (string)_object! : throw WrongKind(ValueKind.String);

    public bool AsBoolean() => Kind == ValueKind.Boolean ? _bits != 0 : throw WrongKind(ValueKind.Boolean);

    public ImmutableArray<Value> AsList() => Kind == ValueKind.List ? (ImmutableArray<Value>)_object! : throw WrongKind(ValueKind.List);

    /// <summary>Converts to one of the CLR types a value can hold: long, int, double, string, bool or <see cref="ImmutableArray{Value}"/>.</summary>
    public T As<T>()
    {
        // typeof(T) tests are constants after JIT specialisation for value types: no boxing on the scalar paths.
        if (typeof(T) == typeof(int)) return (T)(object)checked((int)AsInteger());
        if (typeof(T) == typeof(long)) return (T)(object)AsInteger();
        if (typeof(T) == typeof(double)) return (T)(object)AsFloat();
        if (typeof(T) == typeof(bool)) return (T)(object)AsBoolean();
        if (typeof(T) == typeof(string)) return (T)(object)AsString();
        if (typeof(T) == typeof(ImmutableArray<Value>)) return (T)(object)AsList();
        if (typeof(T) == typeof(Value)) return (T)(object)this;
        throw new InvalidCastException($"a value cannot be read as {typeof(T).Name}; use long, int, double, string, bool or ImmutableArray<Value>");
    }

    /// <summary>Makes a value from one of the CLR types a value can hold.</summary>
    public static Value From<T>(T value) => value switch
    {
        Value v => v,
        int i => Integer(i),
        long l => Integer(l),
        double d => Float(d),
        bool b => Boolean(b),
        string s => String(s),
        ImmutableArray<Value> items => new Value(ValueKind.List, 0, items),
        null => throw new ArgumentNullException(nameof(value)),
        _ => throw new ArgumentException($"{typeof(T).Name} is not a value type of the bus; use long, int, double, string, bool or a list of values", nameof(value)),
    };

    private InvalidCastException WrongKind(ValueKind wanted) =>
        new($"the value is {Article(Kind)} {Kind.ToString().ToLowerInvariant()}, not {Article(wanted)} {wanted.ToString().ToLowerInvariant()}");

    private static string Article(ValueKind kind) => kind is ValueKind.Integer ? "an" : "a";

    public static implicit operator Value(long value) => Integer(value);

    public static implicit operator Value(int value) => Integer(value);

    public static implicit operator Value(double value) => Float(value);

    public static implicit operator Value(string value) => String(value);

    public static implicit operator Value(bool value) => Boolean(value);

    public static explicit operator long(Value value) => value.AsInteger();

    public static explicit operator int(Value value) => checked((int)value.AsInteger());

    public static explicit operator double(Value value) => value.AsFloat();

    public static explicit operator string(Value value) => value.AsString();

    public static explicit operator bool(Value value) => value.AsBoolean();

    public bool Equals(Value other) => Kind == other.Kind && Kind switch
    {
        ValueKind.String => (string)_object! == (string)other._object!,
        ValueKind.List => AsList().AsSpan().SequenceEqual(other.AsList().AsSpan()),
        _ => _bits == other._bits,
    };

    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        ValueKind.String => HashCode.Combine(Kind, _object),
        ValueKind.List => HashCode.Combine(Kind, AsList().Length),
        _ => HashCode.Combine(Kind, _bits),
    };

    public static bool operator ==(Value left, Value right) => left.Equals(right);

    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    public override string ToString() => Kind switch
    {
        ValueKind.Integer => _bits.ToString(CultureInfo.InvariantCulture),
        ValueKind.Float => AsFloat().ToString("R", CultureInfo.InvariantCulture),
        ValueKind.String => "\"" + _object + "\"",
        ValueKind.Boolean => _bits != 0 ? "true" : "false",
        _ => "[" + string.Join(", ", AsList()) + "]",
    };
}
