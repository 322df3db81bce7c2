namespace Midflight.Model;

/// <summary>A module instance of an application: <c>instance compute</c>, or <c>instance avg : compute</c>.</summary>
public sealed record InstanceSpec(string Name, string Module);
