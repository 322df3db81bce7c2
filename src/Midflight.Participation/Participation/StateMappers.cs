using System.Reflection;
using System.Runtime.CompilerServices;
using Midflight.State;
using Midflight.State.Graph;

namespace Midflight;

/// <summary>The <see cref="StateMapperAttribute"/> methods of a module class, and how an update applies them.</summary>
public static class StateMappers
{
    // Asked on every restore, the pause of every replace: found once per type. Weak keys, so that a
    // module's code in a collectible load context is not kept alive by the cache.
    private static readonly ConditionalWeakTable<Type, IReadOnlyDictionary<string, MethodInfo>> Found = new();

    /// <summary>The mappers <paramref name="moduleType"/> declares, by the old field each converts.</summary>
    public static IReadOnlyDictionary<string, MethodInfo> Of(Type moduleType)
    {
        ArgumentNullException.ThrowIfNull(moduleType);
        return Found.GetValue(moduleType, static type => type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<StateMapperAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToDictionary(m => m.Attribute!.Field, m => m.Method, StringComparer.Ordinal));
    }

    /// <summary>Why <paramref name="mapper"/> cannot be called as a state mapper, or null if it can.</summary>
    public static string? Misfit(MethodInfo mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return mapper.ReturnType == typeof(void) && mapper.GetParameters() is [{ ParameterType.IsByRef: false }]
            ? null
            : $"state mapper '{mapper.Name}' must return void and take one parameter, the old field's value";
    }

    /// <summary>
    /// Whether a field the new version declares in a type of the same name reads as it is: an object's
    /// shape is the type's. Read by a reader of its own, which is dropped either way.
    /// </summary>
    private static bool ReadsAsItIs(Slot field, Type declared, IReadOnlyList<HeapObject> heap, Type module)
    {
        if (field.Value.Kind != StateValueKind.Reference)
        {
            return true; // a number, a string: no fields of its own to have changed
        }
        try
        {
            new ObjectGraphReader(heap, [module.Assembly]).Read(field.Value, declared);
            return true;
        }
        catch (StateCaptureException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sets <paramref name="module"/>'s fields from <paramref name="fields"/>: as they are where their
    /// shape is the module's, through its mapper where the module has one for a field it lacks,
    /// declares in another type, or declares in a type of the same name whose shape changed (an
    /// <c>Account[]</c> whose <c>Account</c> has other fields now).
    /// </summary>
    /// <exception cref="StateCaptureException">A field does not fit and no mapper converts it, or a mapper threw.</exception>
    internal static void SetFields(ModuleBase module, IReadOnlyList<Slot> fields, IReadOnlyList<HeapObject> heap, ObjectGraphReader reader)
    {
        var type = module.GetType();
        var mappers = Of(type);
        if (mappers.Count == 0)
        {
            reader.SetFields(module, fields, typeof(ModuleBase));
            return;
        }
        var declared = StateShape.FieldsOf(type, typeof(ModuleBase)).ToDictionary(f => f.Name, f => f.Field.FieldType, StringComparer.Ordinal);
        var mapped = fields.Where(f => mappers.ContainsKey(f.Name)
            && !(declared.TryGetValue(f.Name, out var now) && TypeNames.Of(now) == f.Type && ReadsAsItIs(f, now, heap, type))).ToList();
        reader.SetFields(module, fields.Except(mapped), typeof(ModuleBase));
        var byShape = new ObjectGraphReader(heap, [type.Assembly], module, byShape: true);
        foreach (var field in mapped)
        {
            var mapper = mappers[field.Name];
            if (Misfit(mapper) is { } misfit)
            {
                throw new StateCaptureException(misfit);
            }
            var old = byShape.Read(field.Value, mapper.GetParameters()[0].ParameterType);
            try
            {
                mapper.Invoke(module, [old]);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                throw new StateCaptureException($"state mapper '{mapper.Name}' for field '{field.Name}' threw: {exception.InnerException.Message}", exception.InnerException);
            }
        }
    }
}
