namespace Midflight.Runtime.Tests;

public sealed class DotnetProjectBuilderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-build-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_failed_build_is_not_remembered_the_next_request_builds_again()
    {
        var builder = new DotnetProjectBuilder();
        var project = Path.Combine(_folder, "Late.csproj");

        var missing = await Assert.ThrowsAsync<ModuleLoadException>(() => builder.BuildAsync(project, CancellationToken.None));
        Assert.Equal($"project '{project}' does not exist", missing.Message);

        await File.WriteAllTextAsync(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        var assembly = await builder.BuildAsync(project, CancellationToken.None);

        Assert.Equal("Late.dll", Path.GetFileName(assembly));
        Assert.True(File.Exists(assembly));
    }
}
