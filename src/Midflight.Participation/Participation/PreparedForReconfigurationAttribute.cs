namespace Midflight;

/// <summary>
/// Put on a module class by the build when it prepares the class for automatic participation: the
/// node then replaces the module at its next reconfiguration point, moving its whole stack, rather
/// than at a quiet moment with what <see cref="ModuleBase.Divulge"/> hands over.
/// </summary>
/// <remarks>
/// It lists the class's resume sites, so that an update can be checked before it happens: every
/// frame the running version can capture must be one the new version can restore.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PreparedForReconfigurationAttribute(params string[] resumeSites) : Attribute
{
    /// <summary>
    /// One entry per capture site, as <see cref="ResumeSite.Parse"/> reads it:
    /// <c>Average(int)#3 calls Average(int): n int, sum double</c> or <c>Average(int)#4 at R: n int</c>.
    /// </summary>
    public IReadOnlyList<string> ResumeSites { get; } = resumeSites;
}
