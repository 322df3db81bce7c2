using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Midflight.Model;

namespace Midflight.Scripting;

/// <summary>Writes an <see cref="EquatableArray{T}"/> as a JSON array and reads it back, which System.Text.Json cannot do by itself for a struct collection.</summary>
internal sealed class EquatableArrayJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(EquatableArray<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Of<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Of<T> : JsonConverter<EquatableArray<T>>
        where T : IEquatable<T>
    {
        public override EquatableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<ImmutableArray<T>>(ref reader, options);

        public override void Write(Utf8JsonWriter writer, EquatableArray<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.AsSpan().ToArray(), options);
    }
}
