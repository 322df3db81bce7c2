namespace Midflight.Runtime;

/// <summary>
/// Module code built beforehand: <c>X.csproj</c> resolves to <c>X.dll</c> in one folder, with no SDK
/// on the machine. For deployments that ship built modules, and for tests.
/// </summary>
public sealed class PrebuiltAssemblies(string folder) : IProjectBuilder
{
    public Task<string> BuildAsync(string projectPath, bool again, CancellationToken cancellationToken) =>
        Task.FromResult(Path.Combine(folder, Path.GetFileNameWithoutExtension(projectPath) + ".dll"));
}
