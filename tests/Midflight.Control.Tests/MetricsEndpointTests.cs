using System.Net;
using System.Net.Http.Headers;

namespace Midflight.Control.Tests;

/// <summary>The node's meter for a Prometheus scraper, on the control endpoint, behind the same token as the rest of the API.</summary>
public sealed class MetricsEndpointTests : EndpointTest
{
    [Fact]
    public async Task A_scrape_with_a_read_only_token_gets_the_node_s_instruments_in_Prometheus_text()
    {
        await Running.Node.ReplaceAsync("collector");
        var token = ControlGrants.Add(Running.Files, "prometheus", ControlRight.Read);
        using var scrape = new HttpRequestMessage(HttpMethod.Get, new Uri("v1/metrics", UriKind.Relative));
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await Http.SendAsync(scrape);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE midflight_queue_depth gauge", text, StringComparison.Ordinal);
        Assert.Matches("midflight_queue_depth\\{[^}]*midflight_instance=\"collector\"", text);
        Assert.Contains("midflight_reconfigurations_total{", text, StringComparison.Ordinal);
        Assert.Contains("midflight_reconfiguration_pause_milliseconds_count", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scrape_without_the_token_gets_nothing()
    {
        using var response = await Http.GetAsync(new Uri("v1/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("midflight_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
