using Midflight.Runtime;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Resolves <c>X.csproj</c> to the <c>X.dll</c> the test build already copied beside the tests, so
/// tests load real module code without running the SDK.
/// </summary>
internal sealed class PrebuiltProjects : IProjectBuilder
{
    public Task<string> BuildAsync(string projectPath, CancellationToken cancellationToken) =>
        Task.FromResult(Path.Combine(AppContext.BaseDirectory, Path.GetFileNameWithoutExtension(projectPath) + ".dll"));
}
