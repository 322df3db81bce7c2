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

        var missing = await Assert.ThrowsAsync<ModuleLoadException>(() => builder.BuildAsync(project, again: false, CancellationToken.None));
        Assert.Equal($"project '{project}' does not exist", missing.Message);

        await File.WriteAllTextAsync(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        var assembly = await builder.BuildAsync(project, again: false, CancellationToken.None);

        Assert.Equal("Late.dll", Path.GetFileName(assembly));
        Assert.True(File.Exists(assembly));
    }

    [Fact]
    public async Task A_project_is_built_once_until_asked_to_build_it_again_as_an_update_does()
    {
        var builder = new DotnetProjectBuilder();
        var project = Path.Combine(_folder, "Version.csproj");
        await File.WriteAllTextAsync(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        var source = Path.Combine(_folder, "Version.cs");
        await File.WriteAllTextAsync(source, "public static class Version { public const int Number = 1; }");
        var built = await File.ReadAllBytesAsync(await builder.BuildAsync(project, again: false, CancellationToken.None));
        await File.WriteAllTextAsync(source, "public static class Version { public const int Number = 2; }");

        var shared = await File.ReadAllBytesAsync(await builder.BuildAsync(project, again: false, CancellationToken.None));
        var rebuilt = await File.ReadAllBytesAsync(await builder.BuildAsync(project, again: true, CancellationToken.None));

        Assert.Equal(built, shared);
        Assert.NotEqual(built, rebuilt);
    }
}
