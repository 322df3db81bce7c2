namespace Midflight.Runtime;

/// <summary>Builds a module project named by a <c>source</c> and tells where its assembly is.</summary>
public interface IProjectBuilder
{
    /// <returns>The full path of the built assembly.</returns>
    /// <exception cref="ModuleLoadException">The build failed; the message holds the build's errors.</exception>
    Task<string> BuildAsync(string projectPath, CancellationToken cancellationToken);
}
