using Midflight.Testing;
using CsCheck;
using Midflight.Model;
using Midflight.Runtime.Bus;

namespace Midflight.Runtime.Tests;

/// <summary>The bus's pattern check, over random patterns and messages.</summary>
public sealed class MessageShapeTests
{
    private static readonly Gen<(Pattern, Message)> Conforming = MessageGen.Conforming;

    [Fact]
    public void A_message_of_the_pattern_s_shape_is_accepted() =>
        Conforming.SamplePinned((pattern, message) => Assert.True(new MessageShape(pattern).Accepts(message), $"{message} refused by {pattern}"),
            seed: "0N0XIzNsQ0O2", iter: 2000);

    [Fact]
    public void A_message_with_one_field_more_or_less_is_refused() =>
        Conforming.SamplePinned((pattern, message) =>
        {
            var shape = new MessageShape(pattern);
            var fields = Enumerable.Range(0, message.Count).Select(i => message[i]).ToArray();
            Assert.False(shape.Accepts(Message.Of([.. fields, Value.Integer(1)])));
            if (fields.Length > 0)
            {
                Assert.False(shape.Accepts(Message.Of(fields.AsSpan(0, fields.Length - 1))));
            }
        }, seed: "0N0XIzNsQ0O2", iter: 2000);

    [Theory]
    [InlineData("{integer}", "1.5")]
    [InlineData("{float}", "1")]
    [InlineData("{string}", "true")]
    [InlineData("{integer[]}", "[1, \"x\"]")]
    [InlineData("{integer[][]}", "[1]")]
    public void A_field_of_another_type_is_refused(string pattern, string value)
    {
        var message = value switch
        {
            "1.5" => Message.Of(1.5),
            "1" => Message.Of(1),
            "true" => Message.Of(true),
            "[1, \"x\"]" => Message.Of(Value.List(1, "x")),
            _ => Message.Of(Value.List(1)),
        };
        var parsed = ConfigurationParser.Parse($"module a {{ source = \"A.dll#A\" :: use interface i pattern = {pattern} }} module app {{ instance a }}").Configuration!;

        Assert.False(new MessageShape(parsed.Modules[0].Interfaces[0].Pattern).Accepts(message));
        Assert.Equal(value, message[0].ToString());
    }
}
