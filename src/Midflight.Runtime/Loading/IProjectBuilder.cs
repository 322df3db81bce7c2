namespace Midflight.Runtime;

/// <summary>Builds a module project named by a <c>source</c> and tells where its assembly is.</summary>
public interface IProjectBuilder
{
    /// <param name="projectPath">The project file.</param>
    /// <param name="again">
    /// Build it even if this builder has built it before: an update asks for the version as its sources
    /// are now. Otherwise a builder may give what it built earlier, as the modules of an application,
    /// and a replace of one, share their project's build.
    /// </param>
    /// <param name="cancellationToken">Stops waiting for the build.</param>
    /// <returns>The full path of the built assembly.</returns>
    /// <exception cref="ModuleLoadException">The build failed; the message holds the build's errors.</exception>
    Task<string> BuildAsync(string projectPath, bool again, CancellationToken cancellationToken);
}
