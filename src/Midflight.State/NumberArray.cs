using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Midflight.Model;

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
/// The elements of an array of numbers, packed: their bytes, little-endian, in the width of the
/// array's element type. A buffer of numbers is much of some modules' state; copying it whole,
/// instead of making one <see cref="StateValue"/> per element, is what keeps such a module's pause
/// short (see docs/performance.md).
/// </summary>
public sealed record NumberArray
{
    private NumberArray(NumberType type, EquatableArray<byte> bytes)
    {
        Type = type;
        Bytes = bytes;
    }

    public NumberType Type { get; }

    /// <summary>The elements, little-endian, <see cref="Width"/> bytes each.</summary>
    public EquatableArray<byte> Bytes { get; }

    public int Width => WidthOf(Type);

    public int Count => Bytes.Count / Width;

    public static int WidthOf(NumberType type) => type switch
    {
        NumberType.Byte => 1,
        NumberType.Int16 => 2,
        NumberType.Int32 or NumberType.Single => 4,
        NumberType.Int64 or NumberType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a number type"),
    };

    /// <summary>Numbers of <paramref name="type"/> from their little-endian bytes.</summary>
    /// <exception cref="ArgumentException">The bytes are not a whole number of elements.</exception>
    public static NumberArray FromBytes(NumberType type, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return bytes.Length % WidthOf(type) == 0
            ? new NumberArray(type, new EquatableArray<byte>(ImmutableCollectionsMarshal.AsImmutableArray(bytes)))
            : throw new ArgumentException($"{bytes.Length} bytes are not a whole number of {WidthOf(type)}-byte {type} elements", nameof(bytes));
    }

    /// <summary>The packed form of <paramref name="array"/>, or null if it is not an array of one of the <see cref="NumberType"/>s.</summary>
    public static NumberArray? Of(Array array) => array switch
    {
        byte[] bytes => Pack(NumberType.Byte, bytes),
        short[] shorts => Pack(NumberType.Int16, shorts),
        int[] ints => Pack(NumberType.Int32, ints),
        long[] longs => Pack(NumberType.Int64, longs),
        float[] floats => Pack(NumberType.Single, floats),
        double[] doubles => Pack(NumberType.Double, doubles),
        _ => null,
    };

    private static NumberArray Pack<T>(NumberType type, T[] numbers) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(numbers.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            ToLittleEndian(bytes, WidthOf(type));
        }
        return FromBytes(type, bytes);
    }

    /// <summary>The array type the numbers were packed from: <c>int[]</c> for <see cref="NumberType.Int32"/>.</summary>
    public Type ArrayType => Type switch
    {
        NumberType.Byte => typeof(byte[]),
        NumberType.Int16 => typeof(short[]),
        NumberType.Int32 => typeof(int[]),
        NumberType.Int64 => typeof(long[]),
        NumberType.Single => typeof(float[]),
        _ => typeof(double[]),
    };

    /// <summary>The numbers as an array of their own type (<c>int[]</c> for <see cref="NumberType.Int32"/>), copied whole.</summary>
    public Array ToArray() => Type switch
    {
        NumberType.Byte => Unpack<byte>(),
        NumberType.Int16 => Unpack<short>(),
        NumberType.Int32 => Unpack<int>(),
        NumberType.Int64 => Unpack<long>(),
        NumberType.Single => Unpack<float>(),
        _ => Unpack<double>(),
    };

    private T[] Unpack<T>() where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, T>(Bytes.AsSpan()).ToArray();
        }
        var bytes = Bytes.AsSpan().ToArray();
        ToLittleEndian(bytes, Width);
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    // On a big-endian machine: the same swap turns native order into little-endian and back.
    private static void ToLittleEndian(Span<byte> bytes, int width)
    {
        for (var i = 0; i < bytes.Length; i += width)
        {
            bytes.Slice(i, width).Reverse();
        }
    }

    /// <summary>An element as a snapshot value: an integer, or a floating-point number.</summary>
    public StateValue this[int index]
    {
        get
        {
            var at = Bytes.AsSpan()[(index * Width)..];
            return Type switch
            {
                NumberType.Byte => StateValue.Integer(at[0]),
                NumberType.Int16 => StateValue.Integer(BinaryPrimitives.ReadInt16LittleEndian(at)),
                NumberType.Int32 => StateValue.Integer(BinaryPrimitives.ReadInt32LittleEndian(at)),
                NumberType.Int64 => StateValue.Integer(BinaryPrimitives.ReadInt64LittleEndian(at)),
                NumberType.Single => StateValue.Float(BinaryPrimitives.ReadSingleLittleEndian(at)),
                _ => StateValue.Float(BinaryPrimitives.ReadDoubleLittleEndian(at)),
            };
        }
    }
}
