using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Midflight.Runtime;

namespace Midflight.Scripting;

/// <summary>
/// The JSON the node and a script's process exchange: the application the script sees, and the plan
/// it makes — data, as an OTP appup is, each step named by a <c>step</c> property.
/// </summary>
internal static class ScriptWire
{
    /// <summary>Read-only once first used, as System.Text.Json makes every options object.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new EquatableArrayJsonConverter(), new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DataOnly, Steps } },
    };

    /// <summary>
    /// Leaves out properties computed from others (<c>DataType.Element</c>, which throws on a scalar,
    /// <c>InterfaceSpec.Outgoing</c>, <c>EndpointRef.Endpoint</c>…): only what constructs the value travels.
    /// </summary>
    private static void DataOnly(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            if (type.Properties[i] is { Set: null, AssociatedParameter: null })
            {
                type.Properties.RemoveAt(i);
            }
        }
    }

    /// <summary>The steps a script can plan (those of <see cref="ScriptHost"/>); any other is refused when a plan is read.</summary>
    private static void Steps(JsonTypeInfo type)
    {
        if (type.Type != typeof(ReconfigurationStep))
        {
            return;
        }
        type.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "step",
            DerivedTypes =
            {
                new JsonDerivedType(typeof(AddModule), "addModule"),
                new JsonDerivedType(typeof(DeleteModule), "deleteModule"),
                new JsonDerivedType(typeof(AddBinding), "addBinding"),
                new JsonDerivedType(typeof(DeleteBinding), "deleteBinding"),
                new JsonDerivedType(typeof(CopyQueue), "copyQueue"),
                new JsonDerivedType(typeof(RemoveQueue), "removeQueue"),
                new JsonDerivedType(typeof(MoveState), "moveState"),
                new JsonDerivedType(typeof(StartModule), "startModule"),
                new JsonDerivedType(typeof(UpdateProcedures), "updateProcedures"),
            },
        };
    }
}
