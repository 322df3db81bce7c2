namespace Midflight.Model;

/// <summary>The scalar kinds a pattern field can carry.</summary>
public enum ScalarKind
{
    Integer,
    Float,
    String,
    Boolean,
}

/// <summary>
/// The type of one field of a pattern: a scalar, or a list (of any depth) of a scalar.
/// <c>integer</c> has depth 0, <c>integer[]</c> depth 1, <c>integer[][]</c> depth 2.
/// </summary>
public readonly record struct DataType(ScalarKind Scalar, int ListDepth = 0)
{
    public static DataType Integer => new(ScalarKind.Integer);
    public static DataType Float => new(ScalarKind.Float);
    public static DataType String => new(ScalarKind.String);
    public static DataType Boolean => new(ScalarKind.Boolean);

    public bool IsList => ListDepth > 0;

    /// <summary>The type of this list's elements.</summary>
    public DataType Element => IsList
        ? this with { ListDepth = ListDepth - 1 }
        : throw new InvalidOperationException($"'{this}' is not a list type.");

    public DataType ListOf() => this with { ListDepth = ListDepth + 1 };

    /// <summary>The configuration language's name of a scalar kind.</summary>
    public static string KeywordOf(ScalarKind scalar) => scalar switch
    {
        ScalarKind.Integer => "integer",
        ScalarKind.Float => "float",
        ScalarKind.String => "string",
        ScalarKind.Boolean => "boolean",
        _ => throw new ArgumentOutOfRangeException(nameof(scalar), scalar, null),
    };

    /// <summary>Maps a configuration-language type keyword to its scalar kind.</summary>
    public static bool TryParseKeyword(string keyword, out ScalarKind scalar)
    {
        switch (keyword)
        {
            case "integer": scalar = ScalarKind.Integer; return true;
            case "float": scalar = ScalarKind.Float; return true;
            case "string": scalar = ScalarKind.String; return true;
            case "boolean": scalar = ScalarKind.Boolean; return true;
            default: scalar = default; return false;
        }
    }

    public override string ToString() => KeywordOf(Scalar) + string.Concat(Enumerable.Repeat("[]", ListDepth));
}
