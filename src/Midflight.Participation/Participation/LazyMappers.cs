using System.Reflection;
using System.Runtime.CompilerServices;
using Midflight.State.Graph;

namespace Midflight;

/// <summary>The <see cref="LazyMapperAttribute"/> methods of a module version, found by the type each returns, and how many objects each has converted.</summary>
public static class LazyMappers
{
    /// <summary>A version's lazy mapper to one type, and its count.</summary>
    private sealed class Mapper(MethodInfo? method)
    {
        public MethodInfo? Method { get; } = method;

        public long Converted;
    }

    // Weak keys, so that a version's code in a collectible load context is not kept alive by the table.
    private static readonly ConditionalWeakTable<Type, Mapper> Found = new();

    /// <summary>How many objects the lazy mappers of <paramref name="assembly"/> — a module version's code — have converted.</summary>
    public static long Converted(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Found.Where(f => f.Key.Assembly == assembly).Sum(f => Interlocked.Read(ref f.Value.Converted));
    }

    /// <summary>Converts <paramref name="old"/>, an object an earlier version left, by <typeparamref name="T"/>'s lazy mapper.</summary>
    /// <exception cref="InvalidOperationException">There is no mapper, or it threw.</exception>
    internal static T Convert<T>(object old)
        where T : class
    {
        var mapper = Found.GetValue(typeof(T), static type => new Mapper(type.Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .FirstOrDefault(m => m.ReturnType == type && m.GetParameters().Length == 1 && m.IsDefined(typeof(LazyMapperAttribute), inherit: false))));
        if (mapper.Method is not { } method)
        {
            throw new InvalidOperationException($"a '{old.GetType().FullName}' of an earlier version is asked for as a '{typeof(T).FullName}', and no [LazyMapper] method returning '{typeof(T).Name}' converts it");
        }
        object? shaped;
        try
        {
            // The old object read by shape into the type the mapper declares for it, as a state mapper's field is.
            var writer = new ObjectGraphWriter();
            var value = writer.Write(old);
            shaped = new ObjectGraphReader(writer.Heap, [typeof(T).Assembly], byShape: true).Read(value, method.GetParameters()[0].ParameterType);
        }
        catch (StateCaptureException exception)
        {
            throw new InvalidOperationException($"lazy mapper '{method.Name}' cannot take a '{old.GetType().FullName}': {exception.Message}", exception);
        }
        T converted;
        try
        {
            converted = (T)method.Invoke(null, [shaped])!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw new InvalidOperationException($"lazy mapper '{method.Name}' threw: {exception.InnerException.Message}", exception.InnerException);
        }
        Interlocked.Increment(ref mapper.Converted);
        return converted;
    }
}
