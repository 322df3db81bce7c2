using CsCheck;
using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>Random patterns and messages of their shape, for the properties of whatever carries messages.</summary>
internal static class MessageGen
{
    public static readonly Gen<DataType> Types =
        Gen.Select(Gen.Enum<ScalarKind>(), Gen.Int[0, 2], (scalar, depth) => new DataType(scalar, depth));

    public static Gen<Value> ValuesOf(DataType type) => type.IsList
        ? ValuesOf(type.Element).Array[0, 3].Select(items => Value.List(items))
        : type.Scalar switch
        {
            ScalarKind.Integer => Gen.Long.Select(Value.Integer),
            ScalarKind.Float => Gen.Double.Select(Value.Float),
            ScalarKind.String => Gen.String.Select(Value.String),
            _ => Gen.Bool.Select(Value.Boolean),
        };

    /// <summary>A message of <paramref name="pattern"/>'s shape.</summary>
    public static Gen<Message> Of(Pattern pattern) =>
        pattern.Fields.Select(f => ValuesOf(f.Type))
            .Aggregate(Gen.Const(Array.Empty<Value>()), (values, next) => Gen.Select(values, next, (sofar, value) => (Value[])[.. sofar, value]))
            .Select(values => Message.Of(values));

    /// <summary>A pattern, and a message of its shape.</summary>
    public static readonly Gen<(Pattern, Message)> Conforming =
        Types.Array[0, 4].SelectMany(types => Of(Pattern.Of(types)).Select(message => (Pattern.Of(types), message)));
}
