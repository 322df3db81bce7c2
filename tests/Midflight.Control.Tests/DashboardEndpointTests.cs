using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Midflight.Control.Tests;

/// <summary>
/// What the dashboard asks of the control endpoint: its page, which needs no token and holds no data;
/// the live timeline as server-sent events; the status with message counts and points; and the
/// tickets by which <c>midflight dashboard</c> hands a token to the page.
/// </summary>
public sealed class DashboardEndpointTests : EndpointTest
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    private string OwnToken => Running.Files.Read().Token;

    [Fact]
    public async Task The_page_is_served_without_a_token_locked_to_its_own_script_and_with_no_data_in_it()
    {
        using var page = await Http.GetAsync(new Uri("dashboard", UriKind.Relative));
        using var script = await Http.GetAsync(new Uri("dashboard/dashboard.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        // Relative, so that the page works under the path an application serves the API at.
        Assert.Contains("<script src=\"dashboard/dashboard.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("counter", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var missing = await Http.GetAsync(new Uri("dashboard/nothing.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var slashed = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Http.BaseAddress };
        using var redirected = await slashed.GetAsync(new Uri("dashboard/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("/dashboard", redirected.Headers.Location?.ToString());
    }

    [Fact]
    public async Task The_timeline_streams_the_log_s_history_then_a_replace_as_it_begins_and_as_it_commits()
    {
        var reader = ControlGrants.Add(Running.Files, "viewer", ControlRight.Read);
        using var request = Request(HttpMethod.Get, "v1/events?history=5", reader);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await response.Content.ReadAsStreamAsync(bound.Token);
        var events = SseParser.Create(stream, (type, data) => (Type: type, Entry: JsonSerializer.Deserialize<ReconfigurationEventView>(data, Web)!))
            .EnumerateAsync(bound.Token).GetAsyncEnumerator(bound.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("reconfiguration", events.Current.EventType);
        Assert.Equal(("launch app", "Committed"), (events.Current.Data.Entry.Title, events.Current.Data.Entry.Outcome));
        var launch = events.Current.Data.Entry.Id;

        var replaced = await Running.Node.ReplaceAsync("collector");

        Assert.True(await events.MoveNextAsync());
        var begun = events.Current.Data.Entry;
        Assert.Equal(("replace collector", "InProgress"), (begun.Title, begun.Outcome));
        Assert.True(begun.Id > launch);
        Assert.True(await events.MoveNextAsync());
        var ended = events.Current.Data.Entry;
        Assert.Equal((begun.Id, "replace collector", "Committed"), (ended.Id, ended.Title, ended.Outcome));
        Assert.Equal(replaced.Paused.TotalMilliseconds, ended.PausedMs, 3);
        Assert.Contains("start module collector (new)", ended.Plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_change_comes_on_the_timeline_with_its_error()
    {
        using var request = Request(HttpMethod.Get, "v1/events?history=0", OwnToken);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await response.Content.ReadAsStreamAsync(bound.Token);
        var events = SseParser.Create(stream, (_, data) => JsonSerializer.Deserialize<ReconfigurationEventView>(data, Web)!).EnumerateAsync(bound.Token).GetAsyncEnumerator(bound.Token);

        using var refused = Request(HttpMethod.Post, "v1/update/collector?with=Midflight.TestModules.dll%23Midflight.TestModules.Counter", OwnToken);
        using var answer = await Http.SendAsync(refused);
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var error = (await answer.Content.ReadFromJsonAsync<ReconfigurationView>(Web))!.Error;

        ReconfigurationEventView entry;
        do
        {
            Assert.True(await events.MoveNextAsync());
            entry = events.Current.Data;
        }
        while (entry.Outcome == "InProgress");
        Assert.Equal("Failed", entry.Outcome);
        Assert.Equal(error, entry.Error);
        Assert.Contains("update collector", entry.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1/events", null, HttpStatusCode.Unauthorized)]
    [InlineData("v1/events", "wrong", HttpStatusCode.Unauthorized)]
    [InlineData("v1/events?history=-1", "own", HttpStatusCode.BadRequest)]
    [InlineData("v1/events?history=lots", "own", HttpStatusCode.BadRequest)]
    [InlineData("v1/events?history=1001", "own", HttpStatusCode.BadRequest)]
    [InlineData("v1/status", null, HttpStatusCode.Unauthorized)]
    public async Task The_timeline_and_status_refuse_a_request_without_the_token_or_with_a_bad_history(string path, string? token, HttpStatusCode expected)
    {
        using var request = Request(HttpMethod.Get, path, token == "own" ? OwnToken : token);
        using var response = await Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("launch app", body, StringComparison.Ordinal);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Contains("history must be a whole number from 0 to 1000", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_status_counts_each_interface_s_messages_and_names_the_points()
    {
        await Running.Node.WhenIdleAsync();
        Running.Time.Advance(TimeSpan.FromSeconds(3));
        await Running.Node.WhenIdleAsync();
        using var request = Request(HttpMethod.Get, "v1/status", OwnToken);
        using var response = await Http.SendAsync(request);
        var status = (await response.Content.ReadFromJsonAsync<StatusView>(Web))!;

        var counter = status.Instances.Single(i => i.Name == "counter");
        var collector = status.Instances.Single(i => i.Name == "collector");
        Assert.True(counter.Messages["out"].Sent > 0);
        Assert.Equal(counter.Messages["out"].Sent, collector.Messages["in"].Taken + collector.QueueDepths["in"]);
        Assert.Equal(0, collector.Messages["in"].Refused);
        Assert.Empty(counter.Points);
    }

    [Fact]
    public async Task A_ticket_stands_for_the_token_that_asked_for_it_once()
    {
        var reader = ControlGrants.Add(Running.Files, "viewer", ControlRight.Read);
        using var asked = Request(HttpMethod.Post, "v1/dashboard/tickets", reader);
        using var issued = await Http.SendAsync(asked);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var ticket = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString()!;

        using var redeemed = await Http.PostAsJsonAsync(new Uri("dashboard/redeem", UriKind.Relative), new { ticket });
        using var again = await Http.PostAsJsonAsync(new Uri("dashboard/redeem", UriKind.Relative), new { ticket });

        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal(reader, (await redeemed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        Assert.Equal("no-store", redeemed.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("unknown, spent or expired", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"ticket\":\"made-up\"}")]
    [InlineData("{\"ticket\":\"\"}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task A_redemption_without_a_ticket_issued_gets_no_token(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri("dashboard/redeem", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("token", out _));
    }

    [Fact]
    public async Task No_ticket_without_a_token()
    {
        using var asked = Request(HttpMethod.Post, "v1/dashboard/tickets", null);
        using var response = await Http.SendAsync(asked);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void A_ticket_expires_a_minute_after_it_was_issued()
    {
        var time = new FakeTimeProvider();
        var tickets = new DashboardTickets(time);
        var late = tickets.Issue("a token");
        var prompt = tickets.Issue("another");

        time.Advance(DashboardTickets.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal("another", tickets.Redeem(prompt));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(tickets.Redeem(late));
        Assert.NotEqual(tickets.Issue("a token"), tickets.Issue("a token"));
    }
}
