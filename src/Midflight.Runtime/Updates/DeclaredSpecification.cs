using System.Reflection;
using Midflight.Model;

namespace Midflight.Runtime.Updates;

/// <summary>The specification a module's code was built against, as its assembly carries it (<see cref="ModuleSpecificationAttribute"/>).</summary>
internal static class DeclaredSpecification
{
    /// <summary>
    /// The specifications declared for <paramref name="moduleType"/> (one per module of the class),
    /// none if its assembly was built without Midflight's build integration.
    /// </summary>
    /// <exception cref="ModuleLoadException">The assembly carries a specification that does not parse.</exception>
    public static IReadOnlyList<ModuleSpec> All(Type moduleType) =>
        [.. moduleType.Assembly.GetCustomAttributes<ModuleSpecificationAttribute>()
            .Where(a => a.ModuleClass == moduleType.FullName)
            .Select(a => Parse(a.Specification, moduleType))];

    private static ModuleSpec Parse(string text, Type moduleType)
    {
        var (module, diagnostics) = ConfigurationParser.ParseModule(text, $"{moduleType.Assembly.GetName().Name}.dll");
        return module
            ?? throw new ModuleLoadException($"the specification that '{moduleType.Assembly.GetName().Name}.dll' carries for '{moduleType.FullName}' does not parse: {string.Join("; ", diagnostics)}");
    }
}
