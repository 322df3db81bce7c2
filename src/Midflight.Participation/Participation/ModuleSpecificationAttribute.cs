namespace Midflight;

/// <summary>
/// The specification a module class was built against, in the configuration language, written into
/// its assembly by the build. An update compares it with the interfaces the running instance is bound
/// by: a pattern that changed needs an <see cref="InterfaceAdapterAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ModuleSpecificationAttribute(string moduleClass, string specification) : Attribute
{
    /// <summary>The full name of the module class.</summary>
    public string ModuleClass { get; } = moduleClass;

    /// <summary>One <c>module</c> declaration.</summary>
    public string Specification { get; } = specification;
}
