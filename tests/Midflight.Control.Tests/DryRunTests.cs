using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Midflight.Runtime;

namespace Midflight.Control.Tests;

/// <summary>A dry run (<c>plan=true</c>) checks a change and says what it would do, and does nothing.</summary>
public sealed class DryRunTests : EndpointTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Running.Files.Read().Token);
    }

    [Fact]
    public async Task A_dry_run_of_a_remove_lists_its_steps_and_checks_and_removes_nothing()
    {
        using var response = await Http.PostAsync(new Uri("v1/remove/collector?plan=true&timeoutMs=5000", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<ReconfigurationView>())!;
        Assert.False(view.Committed);
        var plan = Assert.IsType<ReconfigurationPlan>(view.Plan);
        Assert.Contains("delete binding \"counter out\" -> \"collector in\"", plan.Steps);
        Assert.Contains("delete module collector", plan.Steps);
        Assert.Contains(plan.Checked, check => check.StartsWith("each step against the application", StringComparison.Ordinal));
        Assert.Contains("wait up to 00:00:05 for collector to reach a reconfiguration point or a quiet moment, else abandon the whole change", plan.WhenCarriedOut);
        Assert.Contains(Running.Node.Status.Instances, i => i.Name == "collector");
        Assert.Single(Running.Node.Status.Bindings);
        Assert.DoesNotContain(plan.WhenCarriedOut, later => later.Contains("watch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_of_an_update_to_code_that_does_not_load_is_refused_with_the_reason_and_changes_nothing()
    {
        using var response = await Http.PostAsync(new Uri("v1/update/collector?plan=true&with=" + Uri.EscapeDataString("/nowhere/Missing.dll"), UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<ReconfigurationView>())!;
        Assert.Null(view.Plan);
        Assert.Contains("/nowhere/Missing.dll", view.Error, StringComparison.Ordinal);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", Running.Node.Status["collector"].Spec.Source.ToString());
    }

    [Fact]
    public async Task A_dry_run_of_an_update_checks_the_new_code_and_says_it_would_watch_it()
    {
        using var response = await Http.PostAsync(new Uri("v1/update/collector?plan=true&with=" + Uri.EscapeDataString("Midflight.TestModules.dll#Midflight.TestModules.SlowCollector"), UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = (await response.Content.ReadFromJsonAsync<ReconfigurationView>())!.Plan!;
        Assert.Contains(plan.Checked, check => check.Contains("Midflight.TestModules.dll loaded, and its module class found", StringComparison.Ordinal));
        Assert.Contains(plan.WhenCarriedOut, later => later.StartsWith("if collector (new)'s code differs from what collector runs, watch it for", StringComparison.Ordinal));
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", Running.Node.Status["collector"].Spec.Source.ToString());
    }

    [Fact]
    public async Task A_dry_run_of_a_rollback_lists_the_return_to_the_old_version_and_rolls_nothing_back()
    {
        using var never = await Http.PostAsync(new Uri("v1/rollback/collector?plan=true", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, never.StatusCode);
        Assert.Contains("'collector' has not been updated", (await never.Content.ReadFromJsonAsync<ReconfigurationView>())!.Error, StringComparison.Ordinal);
        using var update = await Http.PostAsync(new Uri("v1/update/collector?with=" + Uri.EscapeDataString("Midflight.TestModules.dll#Midflight.TestModules.SlowCollector"), UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        using var response = await Http.PostAsync(new Uri("v1/rollback/collector?plan=true", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = (await response.Content.ReadFromJsonAsync<ReconfigurationView>())!.Plan!;
        Assert.Contains(plan.Steps, step => step.StartsWith("add module collector (new) ", StringComparison.Ordinal) && step.Contains("Collector", StringComparison.Ordinal));
        Assert.Contains("delete module collector", plan.Steps);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.SlowCollector", Running.Node.Status["collector"].Spec.Source.ToString());
    }

    [Fact]
    public async Task A_rehearsal_of_an_instance_whose_state_cannot_be_captured_is_refused_and_changes_nothing()
    {
        using var response = await Http.PostAsync(new Uri("v1/rehearse/collector?with=" + Uri.EscapeDataString("Midflight.TestModules.dll#Midflight.TestModules.SlowCollector"), UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("collector", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", Running.Node.Status["collector"].Spec.Source.ToString());
    }

    [Theory]
    [InlineData("v1/record/collector?lengthMs=abc", null, HttpStatusCode.BadRequest, "lengthMs must be a number of milliseconds above 0 and at most 3600000, not 'abc'")]
    [InlineData("v1/record/collector?lengthMs=1000", null, HttpStatusCode.Conflict, "'collector' runs code that is not prepared for automatic participation")]
    [InlineData("v1/rehearse/collector", null, HttpStatusCode.BadRequest, "a rehearsal is of a module update (with=PATH) or of a procedure update (procedures=P,Q), one of the two")]
    [InlineData("v1/rehearse/collector?procedures=Run", null, HttpStatusCode.Conflict, "'collector' (collector) has no binding table")]
    [InlineData("v1/rehearse/collector?with=Midflight.TestModules.dll&recordMs=1000", "{\"received\": []}", HttpStatusCode.BadRequest, "a rehearsal runs on the messages sent with it or on messages it records (recordMs), not both")]
    [InlineData("v1/rehearse/collector?with=Midflight.TestModules.dll", "{\"received\": [", HttpStatusCode.BadRequest, "line 1, column ")]
    [InlineData("v1/rehearse/collector?with=Midflight.TestModules.dll", "{\"received\": [{\"interface\": \"in\", \"message\": [\"x\"]}]}", HttpStatusCode.BadRequest, "received[0].message[0] is \"x\", not an integer")]
    public async Task A_recording_or_rehearsal_asked_for_wrongly_is_refused_with_the_reason_and_changes_nothing(string route, string? body, HttpStatusCode status, string error)
    {
        using var content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(route, UriKind.Relative), content);

        Assert.Equal(status, response.StatusCode);
        using var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(error, answer.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", Running.Node.Status["collector"].Spec.Source.ToString());
    }
}
