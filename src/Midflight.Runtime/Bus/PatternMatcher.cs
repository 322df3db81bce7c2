using Midflight.Model;

namespace Midflight.Runtime.Bus;

/// <summary>Checks messages against patterns: the bus refuses what does not match before delivering anything.</summary>
internal static class PatternMatcher
{
    public static bool Matches(Pattern pattern, in Message message)
    {
        var fields = pattern.Fields;
        if (message.Count != fields.Count)
        {
            return false;
        }
        for (var i = 0; i < fields.Count; i++)
        {
            if (!Matches(fields[i].Type, message[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Matches(DataType type, Value value)
    {
        if (!type.IsList)
        {
            return value.Kind == KindOf(type.Scalar);
        }
        if (value.Kind != ValueKind.List)
        {
            return false;
        }
        var element = type.Element;
        foreach (var item in value.AsList())
        {
            if (!Matches(element, item))
            {
                return false;
            }
        }
        return true;
    }

    public static ValueKind KindOf(ScalarKind scalar) => scalar switch
    {
        ScalarKind.Integer => ValueKind.Integer,
        ScalarKind.Float => ValueKind.Float,
        ScalarKind.String => ValueKind.String,
        _ => ValueKind.Boolean,
    };
}
