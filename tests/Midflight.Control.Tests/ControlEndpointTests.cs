using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Control.Tests;

/// <summary>The control endpoint serves only the holder of the node's token, on loopback.</summary>
public sealed class ControlEndpointTests : IAsyncLifetime, IDisposable
{
    private readonly LogCollector _log = new();
    private readonly HttpClient _http = new();
    private EndpointNode _running = null!;

    public async Task InitializeAsync() => _running = await EndpointNode.StartAsync(logging: LoggerFactory.Create(builder => builder.AddProvider(_log)));

    public async Task DisposeAsync() => await _running.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _log.Dispose();
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, new Uri(_running.Endpoint.Address, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    [Fact]
    public async Task A_request_without_the_token_is_refused_and_logged()
    {
        using var response = await _http.SendAsync(Request(HttpMethod.Get, "/v1/status", null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("missing bearer token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(_log.Lines, line => line.StartsWith("Refused control request GET /v1/status from 127.0.0.1: missing bearer token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_with_another_token_is_refused_and_changes_nothing()
    {
        using var response = await _http.SendAsync(Request(HttpMethod.Post, "/v1/replace/collector", "guessed"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(_log.Lines, line => line.EndsWith("wrong bearer token", StringComparison.Ordinal));
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", _running.Node.Status["collector"].Spec.Source.ToString());
    }

    [Fact]
    public async Task The_token_file_and_address_file_are_the_user_s_alone_and_open_the_api()
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_running.Files.TokenFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_running.Files.AddressFile));
        }
        var (address, token) = _running.Files.Read();
        Assert.Equal(_running.Endpoint.Address, address);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address.Host)));

        using var response = await _http.SendAsync(Request(HttpMethod.Get, "/v1/status", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<StatusView>();
        Assert.Equal(["collector", "counter"], status!.Instances.Select(i => i.Name));
        Assert.Equal(new BindingView(new EndpointView("counter", "out"), new EndpointView("collector", "in")), status.Bindings.Single());
    }

    [Fact]
    public async Task With_the_token_a_replace_goes_through()
    {
        var (_, token) = _running.Files.Read();

        using var response = await _http.SendAsync(Request(HttpMethod.Post, "/v1/replace/collector", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<ReconfigurationView>();
        Assert.True(result!.Committed);
        using var missing = await _http.SendAsync(Request(HttpMethod.Post, "/v1/replace/nobody", token));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var badTimeout = await _http.SendAsync(Request(HttpMethod.Post, "/v1/replace/collector?timeoutMs=soon", token));
        Assert.Equal(HttpStatusCode.BadRequest, badTimeout.StatusCode);
        Assert.Contains("timeoutMs must be a number of milliseconds above 0 and at most 2073600000, not 'soon'", await badTimeout.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timeoutMs", "NaN")]
    [InlineData("timeoutMs", "Infinity")]
    [InlineData("timeoutMs", "-Infinity")]
    [InlineData("timeoutMs", "1e300")]
    [InlineData("timeoutMs", "5e9")]
    [InlineData("timeoutMs", "0")]
    [InlineData("timeoutMs", "-5")]
    [InlineData("pauseBudgetMs", "soon")]
    [InlineData("pauseBudgetMs", "NaN")]
    [InlineData("pauseBudgetMs", "0")]
    [InlineData("pauseBudgetMs", "-1")]
    [InlineData("pauseBudgetMs", "5e9")]
    public async Task A_duration_no_timer_can_count_is_a_bad_request_and_changes_nothing(string parameter, string milliseconds)
    {
        var (_, token) = _running.Files.Read();

        using var response = await _http.SendAsync(Request(HttpMethod.Post, $"/v1/replace/collector?{parameter}={milliseconds}", token));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{parameter} must be a number of milliseconds above 0 and at most 2073600000, not '{milliseconds}'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", _running.Node.Status["collector"].Spec.Source.ToString());
    }

    [Fact]
    public async Task A_change_whose_pause_cannot_be_predicted_within_its_budget_is_refused_with_409()
    {
        var (_, token) = _running.Files.Read();

        // collector is not prepared: it would be held at a quiet moment, which alone is predicted over a microsecond.
        using var response = await _http.SendAsync(Request(HttpMethod.Post, "/v1/replace/collector?pauseBudgetMs=0.001", token));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("refused before anything stopped: its pause is predicted at", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v1/state/nobody")]
    [InlineData("POST", "/v1/replace/nobody")]
    [InlineData("POST", "/v1/update/nobody?with=X.dll")]
    [InlineData("POST", "/v1/replicate/nobody")]
    [InlineData("POST", "/v1/move/nobody?machine=h2")]
    [InlineData("POST", "/v1/remove/nobody")]
    [InlineData("POST", "/v1/rollback/nobody")]
    public async Task Every_route_answers_404_for_an_instance_the_application_does_not_have(string method, string path)
    {
        var (_, token) = _running.Files.Read();

        using var response = await _http.SendAsync(Request(new HttpMethod(method), path, token));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("there is no instance 'nobody'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
