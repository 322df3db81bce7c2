using System.Reflection;
using Midflight.Model;

namespace Midflight.Runtime.Updates;

/// <summary>The specification a module's code was built against, as its assembly carries it (<see cref="ModuleSpecificationAttribute"/>).</summary>
internal static class DeclaredSpecification
{
    /// <summary>
    /// The declared specification of <paramref name="moduleType"/>: the one of module
    /// <paramref name="moduleName"/> if there are several, or null if the assembly carries none (code
    /// built without Midflight's build integration).
    /// </summary>
    /// <exception cref="ModuleLoadException">The assembly carries a specification that does not parse.</exception>
    public static ModuleSpec? Of(Type moduleType, string moduleName)
    {
        var declared = moduleType.Assembly.GetCustomAttributes<ModuleSpecificationAttribute>()
            .Where(a => a.ModuleClass == moduleType.FullName)
            .Select(a => Parse(a.Specification, moduleType))
            .ToList();
        return declared.FirstOrDefault(s => s.Name == moduleName) ?? (declared.Count == 1 ? declared[0] : null);
    }

    private static ModuleSpec Parse(string text, Type moduleType)
    {
        // A declaration alone is no configuration: give it an application of one instance to parse.
        var result = ConfigurationParser.Parse(text + $"\nmodule declared {{ instance it : {FirstModuleName(text)} }}", $"{moduleType.Assembly.GetName().Name}.dll");
        return result.Configuration?.Modules[0]
            ?? throw new ModuleLoadException($"the specification that '{moduleType.Assembly.GetName().Name}.dll' carries for '{moduleType.FullName}' does not parse: {string.Join("; ", result.Diagnostics)}");
    }

    private static string FirstModuleName(string text) => text.Split((char[])[' ', '\n', '{'], StringSplitOptions.RemoveEmptyEntries)[1];
}
