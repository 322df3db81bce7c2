using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Midflight.Control;
using Midflight.Runtime;

namespace Midflight.Hosting.Tests;

/// <summary>A node in a worker's generic host: configured from appsettings.json, changed through its endpoint, stopped with the host.</summary>
[Collection(nameof(HostedNodes))]
public sealed class GenericHostTests : IDisposable
{
    private readonly HostedApplication _application = new(appSettings: """
        {
          "Midflight": {
            "Configuration": "app.mil",
            "HealthWindow": "00:02:00",
            "QueueCapacity": 500,
            "StopTimeout": "00:00:20"
          }
        }
        """);

    private IHost Build(Action<MidflightOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _application.Folder, Args = [] });
        builder.Services.AddSingleton<TimeProvider>(_application.Time);
        builder.Services.AddMidflight(options =>
        {
            options.ConfigureNode = HostedApplication.Prebuilt;
            configure?.Invoke(options);
        });
        return builder.Build();
    }

    [Fact]
    public async Task A_hosted_node_runs_its_configuration_is_changed_through_its_endpoint_and_stops_with_the_host()
    {
        using var host = Build();

        await host.StartAsync();

        var hosted = host.Services.GetRequiredService<MidflightNode>();
        var node = hosted.Node;
        // The options came from appsettings.json, the configuration's path relative to the content root.
        var options = host.Services.GetRequiredService<IOptions<MidflightOptions>>().Value;
        Assert.Equal((TimeSpan.FromMinutes(2), 500, TimeSpan.FromSeconds(20)), (options.HealthWindow, options.QueueCapacity, options.StopTimeout));
        Assert.Equal(_application.Configuration.FullName, hosted.ConfigurationFile.FullName);
        Assert.Equal(["collector", "counter"], node.Status.Instances.Select(i => i.Name).Order());
        Assert.NotEmpty(HostedApplication.ModuleThreads());

        // The command line's way in: the address and token in the node's files.
        var (address, token) = _application.Files.Read();
        Assert.Equal(hosted.ControlAddress, address);
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var replaced = await http.PostAsync(new Uri("v1/replace/collector", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
            Assert.True((await replaced.Content.ReadFromJsonAsync<ReconfigurationView>())!.Committed);
        }
        var status = await http.GetFromJsonAsync<StatusView>(new Uri("v1/status", UriKind.Relative));
        Assert.Equal(new BindingView(new EndpointView("counter", "out"), new EndpointView("collector", "in")), status!.Bindings.Single());

        await host.StopAsync();

        Assert.Empty(HostedApplication.ModuleThreadsAfterStop());
        Assert.All(node.Status.Instances, instance => Assert.Equal(ModuleStatus.Deleted, instance.Activity.Status));
        Assert.Throws<InvalidOperationException>(() => hosted.Node);
        Assert.False(_application.Files.IsLocked());
        Assert.False(File.Exists(_application.Files.TokenFile) || File.Exists(_application.Files.AddressFile));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("v1/status", UriKind.Relative)));
        // The node's event log, beside the configuration, has the replace.
        Assert.True(File.Exists(NodeFiles.EventLog(_application.Configuration)));
    }

    [Fact]
    public async Task Options_a_node_cannot_start_with_stop_the_host_starting_naming_the_setting()
    {
        using var host = Build(options =>
        {
            options.Configuration = null;
            options.QueueCapacity = 0;
        });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Midflight:Configuration must name the application's configuration file (.mil)", refused.Failures);
        Assert.Contains("Midflight:QueueCapacity must be from 1 to 1000000000 messages, not 0", refused.Failures);
        Assert.Empty(HostedApplication.ModuleThreadsAfterStop());
    }

    [Fact]
    public async Task A_configuration_with_errors_stops_the_host_starting_on_its_line_and_leaves_nothing_behind()
    {
        File.WriteAllText(_application.Configuration.FullName, "module app { instance nobody }");
        using var host = Build();

        var refused = await Assert.ThrowsAsync<MidflightConfigurationException>(() => host.StartAsync());

        var error = Assert.Single(refused.Diagnostics, d => d.IsError);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains(_application.Configuration.FullName, refused.Message, StringComparison.Ordinal);
        Assert.Contains("nobody", refused.Message, StringComparison.Ordinal);
        Assert.False(_application.Files.IsLocked());
        Assert.False(File.Exists(NodeFiles.EventLog(_application.Configuration)));
    }

    [Fact]
    public async Task A_second_host_of_the_same_configuration_is_refused_and_the_first_runs_on()
    {
        using var first = Build();
        await first.StartAsync();
        using var second = Build();

        var refused = await Assert.ThrowsAsync<NodeAlreadyRunningException>(() => second.StartAsync());

        Assert.Contains("node 'app' is already running", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, first.Services.GetRequiredService<MidflightNode>().Node.Status.Instances.Length);
        await first.StopAsync();
        Assert.Empty(HostedApplication.ModuleThreadsAfterStop());
    }

    public void Dispose() => _application.Dispose();
}

/// <summary>The tests that start nodes in this process, one at a time: each counts the module threads left.</summary>
[CollectionDefinition(nameof(HostedNodes))]
public sealed class HostedNodes;
