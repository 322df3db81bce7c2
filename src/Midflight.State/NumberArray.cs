using System.Runtime.InteropServices;

namespace Midflight.State;

/// <summary>The element type of a packed array of numbers, and so the width of each element.</summary>
public enum NumberType : byte
{
    Byte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
}

/// <summary>
/// The elements of an array of numbers, packed: written as their bytes, little-endian, in the width
/// of the array's element type. A buffer of numbers is much of some modules' state; copying it whole,
/// instead of making one <see cref="StateValue"/> per element, is what keeps such a module's pause
/// short (see docs/performance.md). It holds the numbers as an array of their own type, which nothing
/// changes while it lives, so that a move within one process need not copy them at all
/// (<see cref="Wrapping"/>, <see cref="HandOver"/>).
/// </summary>
public sealed class NumberArray : IEquatable<NumberArray>
{
    private readonly Array _numbers;

    private NumberArray(NumberType type, Array numbers)
    {
        Type = type;
        _numbers = numbers;
    }

    public NumberType Type { get; }

    public int Width => WidthOf(Type);

    public int Count => _numbers.Length;

    /// <summary>The elements, little-endian, <see cref="Width"/> bytes each.</summary>
    public ReadOnlySpan<byte> Bytes
    {
        get
        {
            if (BitConverter.IsLittleEndian)
            {
                return NativeBytes;
            }
            var bytes = NativeBytes.ToArray();
            SwapEachElement(bytes, Width);
            return bytes;
        }
    }

    private ReadOnlySpan<byte> NativeBytes =>
        MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(_numbers), _numbers.Length * Width);

    public static int WidthOf(NumberType type) => type switch
    {
        NumberType.Byte => 1,
        NumberType.Int16 => 2,
        NumberType.Int32 or NumberType.Single => 4,
        NumberType.Int64 or NumberType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a number type"),
    };

    /// <summary>Numbers of <paramref name="type"/> from their little-endian bytes, copied.</summary>
    /// <exception cref="ArgumentException">The bytes are not a whole number of elements.</exception>
    public static NumberArray FromBytes(NumberType type, ReadOnlySpan<byte> bytes)
    {
        var width = WidthOf(type);
        if (bytes.Length % width != 0)
        {
            throw new ArgumentException($"{bytes.Length} bytes are not a whole number of {width}-byte {type} elements", nameof(bytes));
        }
        var numbers = Uninitialized(type, bytes.Length / width);
        var native = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(numbers), bytes.Length);
        bytes.CopyTo(native);
        if (!BitConverter.IsLittleEndian)
        {
            SwapEachElement(native, width);
        }
        return new NumberArray(type, numbers);
    }

    /// <summary>
    /// A copy of <paramref name="array"/>, packed — of a multi-dimensional one, its elements in row-major
    /// order; null if it is not an array of one of the <see cref="NumberType"/>s.
    /// </summary>
    public static NumberArray? Of(Array array) => TypeOf(array) is { } type ? new NumberArray(type, Copy(type, array)) : null;

    /// <summary>
    /// <paramref name="array"/> itself, not copied, for a snapshot of a module that will not run
    /// again with it: nothing may change the array while the result lives. Null if it is not a
    /// one-dimensional array of one of the <see cref="NumberType"/>s.
    /// </summary>
    public static NumberArray? Wrapping(Array array) => array.GetType().IsSZArray && TypeOf(array) is { } type ? new NumberArray(type, array) : null;

    private static NumberType? TypeOf(Array array)
    {
        var element = array.GetType().GetElementType();
        return element == typeof(byte) ? NumberType.Byte
            : element == typeof(short) ? NumberType.Int16
            : element == typeof(int) ? NumberType.Int32
            : element == typeof(long) ? NumberType.Int64
            : element == typeof(float) ? NumberType.Single
            : element == typeof(double) ? NumberType.Double
            : null;
    }

    /// <summary>Copies the numbers into <paramref name="destination"/>, an array of any rank with as many elements of their type, in row-major order.</summary>
    /// <exception cref="ArgumentException">The destination is not an array of this type and size.</exception>
    public void CopyTo(Array destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.GetType().GetElementType() != ArrayType.GetElementType() || destination.Length != Count)
        {
            throw new ArgumentException($"an array of {Count} {Type} numbers cannot fill a '{destination.GetType()}' of {destination.Length}", nameof(destination));
        }
        NativeBytes.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(destination), Count * Width));
    }

    /// <summary>The array type the numbers were packed from: <c>int[]</c> for <see cref="NumberType.Int32"/>.</summary>
    public Type ArrayType => _numbers.GetType();

    /// <summary>The numbers as an array of their own type (<c>int[]</c> for <see cref="NumberType.Int32"/>), copied whole.</summary>
    public Array ToArray() => Copy(Type, _numbers);

    /// <summary>
    /// The numbers' own array, not a copy, for the one instance that takes this snapshot over and
    /// changes it from then on: the snapshot must not be read again while that instance runs.
    /// </summary>
    internal Array HandOver() => _numbers;

    // Byte for byte, so that a multi-dimensional array copies into a one-dimensional one.
    private static Array Copy(NumberType type, Array array)
    {
        var copy = Uninitialized(type, array.Length);
        var bytes = array.Length * WidthOf(type);
        MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), bytes)
            .CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(copy), bytes));
        return copy;
    }

    // Every element is written over at once: zeroing a large array first would only cost time.
    private static Array Uninitialized(NumberType type, int length) => type switch
    {
        NumberType.Byte => GC.AllocateUninitializedArray<byte>(length),
        NumberType.Int16 => GC.AllocateUninitializedArray<short>(length),
        NumberType.Int32 => GC.AllocateUninitializedArray<int>(length),
        NumberType.Int64 => GC.AllocateUninitializedArray<long>(length),
        NumberType.Single => GC.AllocateUninitializedArray<float>(length),
        _ => GC.AllocateUninitializedArray<double>(length),
    };

    // On a big-endian machine: the same swap turns native order into little-endian and back.
    private static void SwapEachElement(Span<byte> bytes, int width)
    {
        for (var i = 0; i < bytes.Length; i += width)
        {
            bytes.Slice(i, width).Reverse();
        }
    }

    /// <summary>An element as a snapshot value: an integer, or a floating-point number.</summary>
    public StateValue this[int index] => _numbers switch
    {
        byte[] bytes => StateValue.Integer(bytes[index]),
        short[] shorts => StateValue.Integer(shorts[index]),
        int[] ints => StateValue.Integer(ints[index]),
        long[] longs => StateValue.Integer(longs[index]),
        float[] floats => StateValue.Float(floats[index]),
        _ => StateValue.Float(((double[])_numbers)[index]),
    };

    public bool Equals(NumberArray? other) => other is not null && Type == other.Type && NativeBytes.SequenceEqual(other.NativeBytes);

    public override bool Equals(object? obj) => Equals(obj as NumberArray);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(NativeBytes);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Count} packed {Type}";
}
