using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Midflight.Runtime;

namespace Midflight.Control.Tests;

/// <summary>
/// <c>update</c> and <c>replace</c> name a group as they name an instance: one transaction for all its
/// members, each version given as <c>with=MEMBER=PATH</c>; a version the group cannot take is refused
/// before anything happens, naming its members.
/// </summary>
public sealed class GroupChangeTests : IAsyncLifetime, IDisposable
{
    private const string Application = """
        module counter { source = "Midflight.TestModules.dll#Midflight.TestModules.Counter" :: define interface out pattern = {integer} }
        module collector { source = "Midflight.TestModules.dll#Midflight.TestModules.Collector" :: use interface in pattern = {integer} }
        module app { instance counter instance collector bind "counter out" "collector in" group pair {counter, collector} }
        """;

    private const string SlowCollector = "Midflight.TestModules.dll#Midflight.TestModules.SlowCollector";

    private readonly HttpClient _http = new();
    private EndpointNode? _running;

    private EndpointNode Running => _running ?? throw new InvalidOperationException("the node has not started");

    public async Task InitializeAsync()
    {
        _running = await EndpointNode.StartAsync(Application);
        _http.BaseAddress = _running.Endpoint.Address;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _running.Files.Read().Token);
    }

    public async Task DisposeAsync() => await Running.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, ReconfigurationView View)> PostAsync(string path)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), null);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<ReconfigurationView>())!);
    }

    [Fact]
    public async Task A_dry_run_of_a_group_update_plans_every_member_in_one_transaction()
    {
        var (status, view) = await PostAsync("v1/update/pair?plan=true&with=" + Uri.EscapeDataString("collector=" + SlowCollector));

        Assert.Equal(HttpStatusCode.OK, status);
        var plan = view.Plan!;
        Assert.Contains(plan.Steps, s => s.StartsWith("add module counter (new) from Midflight.TestModules.dll#Midflight.TestModules.Counter", StringComparison.Ordinal));
        Assert.Contains(plan.Steps, s => s.StartsWith("add module collector (new) from " + SlowCollector, StringComparison.Ordinal));
        // The binding between the two members goes between their successors.
        Assert.Contains("add binding \"counter out\" (new) -> \"collector in\" (new)", plan.Steps, StringComparer.Ordinal);
        Assert.Contains("delete module counter", plan.Steps, StringComparer.Ordinal);
        Assert.Contains("delete module collector", plan.Steps, StringComparer.Ordinal);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", Running.Node.Status["collector"].Spec.Source.ToString());
    }

    [Fact]
    public async Task Status_lists_the_groups()
    {
        var status = (await _http.GetFromJsonAsync<StatusView>("v1/status"))!;

        var group = Assert.Single(status.Groups);
        Assert.Equal(("pair", false), (group.Name, group.Stable));
        Assert.Equal(["counter", "collector"], group.Members);
        Assert.Equal("group pair {counter, collector}", group.ToString());
    }

    [Fact]
    public async Task A_dry_run_of_a_group_replace_plans_every_member()
    {
        var (status, view) = await PostAsync("v1/replace/pair?plan=true");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, view.Plan!.Steps.Count(s => s.StartsWith("start ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(SlowCollector, "'pair' is a group: name the member each version is for, as with=counter=PATH")]
    [InlineData("sorter=" + SlowCollector, "'sorter' is not a member of group 'pair' (its members: counter, collector)")]
    [InlineData("", "an update of group 'pair' needs a new version for one member at least: with=MEMBER=PATH")]
    public async Task A_group_update_whose_versions_the_group_cannot_take_is_refused_naming_its_members(string with, string error)
    {
        var (status, view) = await PostAsync(with.Length == 0 ? "v1/update/pair" : "v1/update/pair?with=" + Uri.EscapeDataString(with));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, view.Error);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", Running.Node.Status["collector"].Spec.Source.ToString());
    }

    [Fact]
    public async Task A_member_given_two_versions_is_refused()
    {
        var version = Uri.EscapeDataString("collector=" + SlowCollector);
        var (status, view) = await PostAsync($"v1/update/pair?with={version}&with={version}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("member 'collector' of group 'pair' is given two versions", view.Error);
    }
}
