using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Midflight.Control.Tests;

/// <summary>
/// Tokens with fewer rights than the node's own: one that may only read cannot change anything, one
/// for an instance cannot change another; each refusal is a 403 naming the token and what it may do,
/// logged with who asked, and changes nothing.
/// </summary>
public sealed class ControlRightsTests : IAsyncLifetime, IDisposable
{
    private const string DisplayAndBookkeeper = """
        module display { source = "Midflight.TestModules.dll#Midflight.TestModules.Counter" :: define interface out pattern = {integer} }
        module bookkeeper { source = "Midflight.TestModules.dll#Midflight.TestModules.Collector" :: use interface in pattern = {integer} }
        module app { instance display instance bookkeeper bind "display out" "bookkeeper in" }
        """;

    private readonly LogCollector _log = new();
    private readonly HttpClient _http = new();
    private EndpointNode _running = null!;

    public async Task InitializeAsync() =>
        _running = await EndpointNode.StartAsync(DisplayAndBookkeeper, logging: LoggerFactory.Create(builder => builder.AddProvider(_log)));

    public async Task DisposeAsync() => await _running.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _log.Dispose();
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, new Uri(_running.Endpoint.Address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private string SourceOf(string instance) => _running.Node.Status[instance].Spec.Source.ToString();

    [Fact]
    public async Task A_read_only_token_reads_the_status_and_cannot_replace_or_run_a_script()
    {
        var token = ControlGrants.Add(_running.Files, "auditor", ControlRight.Read);

        var status = await SendAsync(HttpMethod.Get, "/v1/status", token);
        var replace = await SendAsync(HttpMethod.Post, "/v1/replace/bookkeeper", token);
        var capture = await SendAsync(HttpMethod.Get, "/v1/state/bookkeeper", token);
        var record = await SendAsync(HttpMethod.Post, "/v1/record/bookkeeper?lengthMs=1000", token);
        var rehearse = await SendAsync(HttpMethod.Post, "/v1/rehearse/bookkeeper?with=Midflight.TestModules.dll&recordMs=1000", token);

        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(HttpStatusCode.Forbidden, replace.Status);
        Assert.Contains("token 'auditor' may only read, not change 'bookkeeper'", replace.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, capture.Status);
        // What an instance receives is as private as its state.
        Assert.Equal(HttpStatusCode.Forbidden, record.Status);
        Assert.Equal(HttpStatusCode.Forbidden, rehearse.Status);
        Assert.Contains(_log.Lines, line => line == "Refused control request POST /v1/replace/bookkeeper by token 'auditor': token 'auditor' may only read, not change 'bookkeeper'");
        using var script = new HttpRequestMessage(HttpMethod.Post, new Uri(_running.Endpoint.Address, "/v1/script"))
        {
            Content = JsonContent.Create(new { name = "s.csx", code = "", args = new Dictionary<string, string>() }),
        };
        script.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var scripted = await _http.SendAsync(script);
        Assert.Equal(HttpStatusCode.Forbidden, scripted.StatusCode);
        Assert.Contains("may only read, not run a script", await scripted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", SourceOf("bookkeeper"));
    }

    [Fact]
    public async Task A_token_for_display_changes_display_and_cannot_update_bookkeeper()
    {
        var token = ControlGrants.Add(_running.Files, "display-team", ControlRight.Change, ["display"]);

        var update = await SendAsync(HttpMethod.Post, "/v1/update/bookkeeper?with=Midflight.TestModules.dll%23Midflight.TestModules.SlowCollector", token);
        var replace = await SendAsync(HttpMethod.Post, "/v1/replace/display", token);

        Assert.Equal(HttpStatusCode.Forbidden, update.Status);
        Assert.Contains("token 'display-team' may change display only, not change 'bookkeeper'", update.Body, StringComparison.Ordinal);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", SourceOf("bookkeeper"));
        Assert.Equal(HttpStatusCode.OK, replace.Status);
        Assert.True(System.Text.Json.JsonDocument.Parse(replace.Body).RootElement.GetProperty("committed").GetBoolean());
    }

    [Fact]
    public async Task A_removed_token_is_refused_from_the_next_request_and_the_node_s_own_keeps_every_right()
    {
        var token = ControlGrants.Add(_running.Files, "contractor", ControlRight.Change);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/v1/status", token)).Status);

        Assert.True(ControlGrants.Remove(_running.Files, "contractor"));

        var refused = await SendAsync(HttpMethod.Get, "/v1/status", token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Contains("wrong bearer token", refused.Body, StringComparison.Ordinal);
        var (_, own) = _running.Files.Read();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/v1/replace/bookkeeper", own)).Status);
    }

    [Fact]
    public async Task A_grants_file_the_node_cannot_read_lets_only_the_node_s_own_token_in()
    {
        var token = ControlGrants.Add(_running.Files, "auditor", ControlRight.Read);
        await File.WriteAllTextAsync(_running.Files.GrantsFile, "{ not json");

        var refused = await SendAsync(HttpMethod.Get, "/v1/status", token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Contains("the node's grants cannot be read", refused.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_running.Files.GrantsFile, refused.Body, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, line => line.StartsWith("The node's grants cannot be read, so only its own token is accepted: ", StringComparison.Ordinal) && line.Contains(_running.Files.GrantsFile, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/v1/status", _running.Files.Read().Token)).Status);
    }

    [Fact]
    public void Tokens_are_named_once_and_instances_only_for_the_right_to_change()
    {
        var token = ControlGrants.Add(_running.Files, "auditor", ControlRight.Read);

        Assert.Contains("exists already", Assert.Throws<ArgumentException>(() => ControlGrants.Add(_running.Files, "auditor", ControlRight.Read)).Message, StringComparison.Ordinal);
        Assert.Contains("exists already", Assert.Throws<ArgumentException>(() => ControlGrants.Add(_running.Files, ControlGrant.Owner, ControlRight.Read)).Message, StringComparison.Ordinal);
        Assert.Contains("instances are named only for a token that may change them", Assert.Throws<ArgumentException>(() => ControlGrants.Add(_running.Files, "x", ControlRight.Read, ["display"])).Message, StringComparison.Ordinal);
        // The file keeps the token's hash, never the token.
        Assert.DoesNotContain(token, File.ReadAllText(_running.Files.GrantsFile), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_running.Files.GrantsFile));
        }
    }
}
