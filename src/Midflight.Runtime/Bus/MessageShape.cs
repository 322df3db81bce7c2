using Midflight.Model;

namespace Midflight.Runtime.Bus;

/// <summary>
/// A pattern compiled for checking messages on the hot path: one kind per field in a flat array,
/// so a one-integer message is checked with a count test and a byte compare. Built once per port.
/// </summary>
internal sealed class MessageShape
{
    private readonly ValueKind[] _kinds;
    private readonly DataType[] _types;

    public MessageShape(Pattern pattern)
    {
        Pattern = pattern;
        _types = [.. pattern.Fields.Select(f => f.Type)];
        _kinds = [.. _types.Select(t => t.IsList ? ValueKind.List : KindOf(t.Scalar))];
    }

    public Pattern Pattern { get; }

    public bool Accepts(in Message message)
    {
        var kinds = _kinds;
        if (message.Count != kinds.Length)
        {
            return false;
        }
        for (var i = 0; i < kinds.Length; i++)
        {
            var value = message[i];
            if (value.Kind != kinds[i] || (value.Kind == ValueKind.List && !ListMatches(_types[i].Element, value)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool ListMatches(DataType element, Value list)
    {
        foreach (var item in list.AsList())
        {
            var matches = element.IsList
                ? item.Kind == ValueKind.List && ListMatches(element.Element, item)
                : item.Kind == KindOf(element.Scalar);
            if (!matches)
            {
                return false;
            }
        }
        return true;
    }

    private static ValueKind KindOf(ScalarKind scalar) => scalar switch
    {
        ScalarKind.Integer => ValueKind.Integer,
        ScalarKind.Float => ValueKind.Float,
        ScalarKind.String => ValueKind.String,
        _ => ValueKind.Boolean,
    };

    public override string ToString() => Pattern.ToString();
}
