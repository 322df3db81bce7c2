namespace Midflight;

/// <summary>
/// Put on a module class by the build when it prepares the class for automatic participation: the
/// node then replaces the module at its next reconfiguration point, moving its whole stack, rather
/// than at a quiet moment with what <see cref="ModuleBase.Divulge"/> hands over.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PreparedForReconfigurationAttribute : Attribute;
