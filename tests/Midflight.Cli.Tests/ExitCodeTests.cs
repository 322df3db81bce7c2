namespace Midflight.Cli.Tests;

/// <summary>Each row of the exit code table in docs/cli.md, as a user meets it.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private const string Application = """
        module counter { source = "Midflight.TestModules.dll#Midflight.TestModules.Counter" :: define interface out pattern = {integer} }
        module app { instance counter }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-exit-").FullName;

    public ExitCodeTests() => File.WriteAllText(Configuration, Application);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Configuration => Path.Combine(_folder, "app.mil");

    private static async Task<CliRun> Run(int expected, params string[] args)
    {
        var cli = new CliRun();
        Assert.Equal(expected, await cli.InvokeAsync(args));
        return cli;
    }

    [Fact]
    public async Task Code_0_done() =>
        Assert.StartsWith("ok: application app with 1 instance and 0 bindings", (await Run(0, "check", Configuration)).Output, StringComparison.Ordinal);

    [Fact]
    public async Task Code_1_a_missing_file() =>
        Assert.Equal($"{Path.Combine(_folder, "nowhere.mil")}: error: the file does not exist", (await Run(1, "check", Path.Combine(_folder, "nowhere.mil"))).Errors.Trim());

    [Fact]
    public async Task Code_1_a_directory_given_as_the_file() =>
        Assert.Equal($"{_folder}: error: it is a directory, not a file", (await Run(1, "status", _folder)).Errors.Trim());

    [Fact]
    public async Task Code_1_a_configuration_with_errors()
    {
        await File.WriteAllTextAsync(Configuration, "module app { instance nobody }");
        Assert.Contains("error MF", (await Run(1, "check", Configuration)).Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_1_a_malformed_option() =>
        Assert.Contains("--timeout takes a duration with its unit", (await Run(1, "replace", Configuration, "counter", "--timeout", "5")).Errors, StringComparison.Ordinal);

    [Fact]
    public async Task Code_1_a_missing_version_file_before_the_node_is_asked()
    {
        using var node = FakeNode.Answering(Configuration, 200, "{}");
        var missing = Path.Combine(_folder, "Nowhere.dll");
        Assert.Equal($"{missing}: error: the file does not exist", (await Run(1, "update", Configuration, "counter", "--with", missing + "#Some.Class")).Errors.Trim());
    }

    [Fact]
    public async Task Code_1_node_files_that_name_an_address_off_this_machine()
    {
        using var node = FakeNode.Answering(Configuration, 200, "{}");
        File.WriteAllText(Path.Combine(_folder, ".midflight", "app.endpoint"), "http://192.0.2.7:80/");
        Assert.Contains("the control endpoint's address must be http on a loopback address, not 'http://192.0.2.7:80/'; the token is not sent there",
            (await Run(1, "status", Configuration)).Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_2_the_application_could_not_start()
    {
        await File.WriteAllTextAsync(Configuration, Application.Replace("Midflight.TestModules.dll", "Nowhere.dll", StringComparison.Ordinal));
        Assert.Contains("the application could not start", (await Run(2, "run", Configuration, "--for", "1s")).Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_2_a_node_of_this_configuration_is_running_already()
    {
        using var running = FakeNode.Answering(Configuration, 200, "{}");
        Assert.Contains($"node 'app' is already running (process {Environment.ProcessId})", (await Run(2, "run", Configuration, "--for", "1s")).Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_3_the_node_refused()
    {
        using var node = FakeNode.Answering(Configuration, 409, """{"committed":false,"steps":0,"durationMs":0,"pausedMs":0,"movedFrames":{},"error":"no quiet moment"}""");
        Assert.Equal("error: the node refused: no quiet moment", (await Run(3, "replace", Configuration, "counter")).Errors.Trim());
    }

    [Fact]
    public async Task Code_4_no_node_is_running() =>
        Assert.Contains("no node 'app' is running", (await Run(4, "status", Configuration)).Errors, StringComparison.Ordinal);

    [Fact]
    public async Task Code_4_the_node_does_not_answer()
    {
        using var node = FakeNode.Silent(Configuration);
        Assert.Contains("does not answer", (await Run(4, "status", Configuration)).Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_4_what_answers_is_not_a_node()
    {
        using var node = FakeNode.Answering(Configuration, 200, "{}");
        Assert.Contains("is not a Midflight node, or not this version of one", (await Run(4, "status", Configuration)).Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_waits_as_long_as_the_node_takes_rather_than_giving_up_silently_after_100_seconds()
    {
        using var http = NodeClient.Connect(new Uri("http://127.0.0.1:1/"), "token");

        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
    }
}
