namespace Midflight;

/// <summary>What a <see cref="Value"/> holds; the bus matches these against interface patterns.</summary>
public enum ValueKind : byte
{
    Integer,
    Float,
    String,
    Boolean,
    List,
}
