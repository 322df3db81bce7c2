namespace Midflight;

/// <summary>
/// An object of the module's state that an update may convert lazily, Fabry's way: the update
/// carries it as the old version left it, and the first <see cref="Get{T}"/> from the new version's
/// code converts it — once, whichever thread asks first — by the new version's
/// <see cref="LazyMapperAttribute"/> method. Objects never asked for are never converted, and cost
/// the update nothing.
/// </summary>
/// <remarks>
/// The box is of no version, so a field of a type made of the framework's types and this one —
/// <c>Dictionary&lt;int, Versioned&gt;</c>, <c>List&lt;Versioned&gt;</c>, <c>Versioned[]</c> — is
/// the same type in every version of the module, and an update hands it to the new instance as it is,
/// however many objects it holds: the pause does not grow with them. Such a field gives up the
/// update's automatic backout, since the old version cannot be given back a table the new one has
/// changed (see docs/updates.md).
/// </remarks>
public sealed class Versioned
{
    private object _value;

    /// <summary>A box holding <paramref name="value"/>, an object of this version's code.</summary>
    public Versioned(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>
    /// The object, as a <typeparamref name="T"/>: as it is if it is one, converted first — once, by
    /// <typeparamref name="T"/>'s <see cref="LazyMapperAttribute"/> method — if an earlier version left it.
    /// </summary>
    /// <exception cref="InvalidOperationException">It is of another type, and no lazy mapper converts it, or the mapper threw.</exception>
    public T Get<T>()
        where T : class
    {
        if (Volatile.Read(ref _value) is T value)
        {
            return value;
        }
        // The box itself is the lock: a lock object of its own would add a word and an object to each
        // of a million boxes, and a conversion happens once per box.
        lock (this)
        {
            if (_value is not T converted)
            {
                converted = LazyMappers.Convert<T>(_value);
                Volatile.Write(ref _value, converted);
            }
            return converted;
        }
    }

    /// <summary>Puts <paramref name="value"/>, an object of this version's code, in the box in place of what it held.</summary>
    public void Set(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Volatile.Write(ref _value, value);
    }
}
