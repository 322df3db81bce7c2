using System.Diagnostics;

namespace Midflight.Transform.Tests;

/// <summary>
/// A module project that imports Midflight.Build.targets is prepared by a plain <c>dotnet build</c>:
/// the prepared source lands under obj/ for people to read, and a construct the transformation
/// refuses fails the build on its line.
/// </summary>
public sealed class BuildIntegrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-prepare-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Specification = """
        module worker { source = "Worker.csproj#Demo.Worker" :: reconfiguration point = {R} :: }
        module app { instance worker }
        """;

    private async Task<(int ExitCode, string Output)> BuildAsync(string workerSource)
    {
        var bin = AppContext.BaseDirectory;
        await File.WriteAllTextAsync(Path.Combine(_folder, "Worker.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <NoWarn>CS0164</NoWarn>
                <MidflightPrepareTool>{Path.Combine(bin, "Midflight.Prepare.dll")}</MidflightPrepareTool>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{Path.Combine(bin, "Midflight.Participation.dll")}" />
                <Reference Include="{Path.Combine(bin, "Midflight.State.dll")}" />
                <Reference Include="{Path.Combine(bin, "Midflight.Model.dll")}" />
                <Reference Include="{Path.Combine(bin, "Microsoft.Extensions.Logging.Abstractions.dll")}" />
              </ItemGroup>
              <Import Project="{Path.Combine(bin, "build", "Midflight.Build.targets")}" />
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(_folder, "worker.mil"), Specification);
        await File.WriteAllTextAsync(Path.Combine(_folder, "Worker.cs"), workerSource);
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", Path.Combine(_folder, "Worker.csproj"), "-nologo", "-v:q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await build.WaitForExitAsync(bound.Token);
        return (build.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task A_plain_build_prepares_the_module_and_leaves_the_prepared_source_under_obj()
    {
        var (exitCode, output) = await BuildAsync("""
            namespace Demo;
            public sealed class Worker : Midflight.Module
            {
                protected override void Run()
                {
                    for (var i = 0; i < 3; i++)
                    {
                        Step(i);
                    }
                }

                private void Step(int i)
                {
                R:
                    Print(i.ToString());
                }
            }
            """);

        Assert.True(exitCode == 0, output);
        var prepared = Path.Combine(_folder, "obj", "Debug", "net10.0", "midflight");
        var text = await File.ReadAllTextAsync(Path.Combine(prepared, "Worker.cs"));
        // The resume sites, for an update to check the next version against; and the specification.
        Assert.Contains("[global::Midflight.PreparedForReconfiguration(\"Run()#1 calls Step(int): i int\", \"Step(int)#2 at R: i int\")]", text, StringComparison.Ordinal);
        Assert.Contains("global::Midflight.ModuleSpecification(\"Demo.Worker\"", await File.ReadAllTextAsync(Path.Combine(prepared, "MidflightSpecifications.g.cs")), StringComparison.Ordinal);
        Assert.Contains("if (__mf.IsRequested)", text, StringComparison.Ordinal);
        Assert.Contains("2: Step -> reconfig at R", await File.ReadAllTextAsync(Path.Combine(prepared, "Worker.graph.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_construct_the_transformation_refuses_fails_the_build_on_its_line()
    {
        var (exitCode, output) = await BuildAsync("""
            namespace Demo;
            public sealed class Worker : Midflight.Module
            {
                protected override void Run()
                {
                    int? cached = null;
                    while (true)
                    {
                        Print((cached ?? Step()).ToString());
                    }
                }

                private int Step()
                {
                R:
                    Delay(System.TimeSpan.FromSeconds(1));
                    return 1;
                }
            }
            """);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Worker.cs(9,30): error MF1006: the call to 'Step' (capture site 1) stands inside an expression the build cannot take apart", output, StringComparison.Ordinal);
        // The tool's errors alone: not the exit code of the command that ran it, nor the command.
        Assert.DoesNotContain("MSB3073", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Midflight.Prepare.dll", output, StringComparison.Ordinal);
        Assert.DoesNotContain("MF1013", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compile_error_in_a_prepared_module_is_reported_on_the_user_s_line_and_nowhere_else()
    {
        var (exitCode, output) = await BuildAsync("""
            namespace Demo;
            public sealed class Worker : Midflight.Module
            {
                protected override void Run()
                {
                    for (var i = 0; i < 3; i++)
                    {
                        Step(i);
                    }
                }

                private void Step(int i)
                {
                R:
                    Print(i.ToString());
                    int wrong = "text";
                }
            }
            """);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{Path.Combine(_folder, "Worker.cs")}(16,21): error CS0029", output, StringComparison.Ordinal);
        Assert.DoesNotContain("midflight/", output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB3073", output, StringComparison.Ordinal);
    }
}
