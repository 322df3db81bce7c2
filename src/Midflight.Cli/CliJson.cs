using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Midflight.Cli;

/// <summary>
/// How every <c>--json</c> prints, and how answers from a node are read: camelCase names, numbers as
/// numbers (durations in milliseconds, named <c>…Ms</c>), enums as words, and text as it is — the
/// output is read by scripts and people, not embedded in HTML, so <c>' " &lt; &gt; +</c> are not escaped.
/// Reading is strict: an answer missing what a node always sends is not a node's answer.
/// </summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Print(Spectre.Console.IAnsiConsole console, object value) =>
        console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Options));
}
