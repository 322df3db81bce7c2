namespace Midflight;

/// <summary>
/// What travels on a binding: an ordered list of values whose kinds must match the interface's
/// pattern. A one-field message, the common case, is held inline and costs no allocation.
/// </summary>
public readonly struct Message : IEquatable<Message>
{
    private readonly Value _single;
    private readonly Value[]? _fields;

    private Message(int count, Value single, Value[]? fields)
    {
        Count = count;
        _single = single;
        _fields = fields;
    }

    /// <summary>The number of fields; <c>default(Message)</c> is the empty message <c>{}</c>.</summary>
    public int Count { get; }

    public Value this[int index] =>
        (uint)index >= (uint)Count ? throw new ArgumentOutOfRangeException(nameof(index), $"the message has {Count} field(s)")
        : _fields is null ? _single : _fields[index];

    public static Message Of(Value value) => new(1, value, null);

    public static Message Of(params ReadOnlySpan<Value> values) =>
        values.Length == 1 ? Of(values[0]) : new Message(values.Length, default, values.ToArray());

    /// <summary>The single field of a one-field message, read as <typeparamref name="T"/>.</summary>
    public T Single<T>() =>
        Count == 1 ? this[0].As<T>() : throw new InvalidOperationException($"the message has {Count} fields, not one: read them by index");

    public static implicit operator Message(Value value) => Of(value);

    public static implicit operator Message(long value) => Of(value);

    public static implicit operator Message(int value) => Of(value);

    public static implicit operator Message(double value) => Of(value);

    public static implicit operator Message(string value) => Of(value);

    public static implicit operator Message(bool value) => Of(value);

    public bool Equals(Message other)
    {
        if (Count != other.Count)
        {
            return false;
        }
        for (var i = 0; i < Count; i++)
        {
            if (this[i] != other[i])
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is Message other && Equals(other);

    public override int GetHashCode() => Count == 0 ? 0 : HashCode.Combine(Count, this[0]);

    public static bool operator ==(Message left, Message right) => left.Equals(right);

    public static bool operator !=(Message left, Message right) => !left.Equals(right);

    public override string ToString()
    {
        var fields = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            fields[i] = this[i].ToString();
        }
        return "{" + string.Join(", ", fields) + "}";
    }
}
