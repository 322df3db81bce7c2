namespace Midflight.Cli.Tests;

public sealed class CheckCommandTests
{
    [Fact]
    public async Task A_valid_configuration_exits_0_with_a_summary_of_the_application()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("check", CliRun.PathOf("examples", "Monitor", "monitor.mil"));

        Assert.Equal(0, exit);
        Assert.Contains("ok: application monitor with 3 instances and 2 bindings", cli.Output, StringComparison.Ordinal);
        Assert.Contains("Monitor.csproj#Midflight.Examples.Monitor.Compute", cli.Output, StringComparison.Ordinal);
        Assert.Contains("display temper", cli.Output, StringComparison.Ordinal);
        Assert.Empty(cli.Errors);
    }

    [Fact]
    public async Task A_configuration_with_errors_exits_1_and_prints_each_as_file_line_column_code_message()
    {
        var file = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.mil");
        await File.WriteAllTextAsync(file, """
            module a { source = "A.dll#A" :: use interface x pattern = {integr} }
            module app { instance a }
            """);
        try
        {
            var cli = new CliRun();

            var exit = await cli.InvokeAsync("check", file);

            Assert.Equal(1, exit);
            Assert.Equal($"{file}:1:61: error MF0011: unknown type 'integr'; expected integer, float, string or boolean", cli.Errors.Trim());
            Assert.Contains("1 error in", cli.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_missing_file_exits_1_and_says_so()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("check", "/nonexistent/app.mil");

        Assert.Equal(1, exit);
        Assert.Equal("/nonexistent/app.mil: error: the file does not exist", cli.Errors.Trim());
    }
}
