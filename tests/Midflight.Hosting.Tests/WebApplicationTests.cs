using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Midflight.Control;

namespace Midflight.Hosting.Tests;

/// <summary>A node in an ASP.NET Core application, its control API served in the application's own pipeline.</summary>
[Collection(nameof(HostedNodes))]
public sealed class WebApplicationTests : IDisposable
{
    private readonly HostedApplication _application = new();

    [Fact]
    public async Task The_control_api_answers_under_its_path_on_the_application_s_own_server_beside_the_application_s_routes()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _application.Folder, Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(_application.Time);
        builder.Services.AddMidflight(options => options.ConfigureNode = HostedApplication.Prebuilt);
        await using var app = builder.Build();
        app.MapGet("/hello", () => "the application's own route");
        app.MapMidflightControl();

        await app.StartAsync();

        // The node's files name the application's server, under the API's path, for the command line.
        var (address, token) = _application.Files.Read();
        Assert.Equal("/midflight/", address.AbsolutePath);
        Assert.Equal(new Uri(app.Urls.Single()).Port, address.Port);
        Assert.Equal(address, app.Services.GetRequiredService<MidflightNode>().ControlAddress);
        using var http = new HttpClient { BaseAddress = address };
        using (var refused = await http.GetAsync(new Uri("v1/status", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var status = await http.GetFromJsonAsync<StatusView>(new Uri("v1/status", UriKind.Relative));
        Assert.Equal(["collector", "counter"], status!.Instances.Select(i => i.Name).Order());
        using (var replaced = await http.PostAsync(new Uri("v1/replace/collector", UriKind.Relative), null))
        {
            Assert.True((await replaced.Content.ReadFromJsonAsync<ReconfigurationView>())!.Committed);
        }
        Assert.Equal("the application's own route", await http.GetStringAsync(new Uri(address, "/hello")));
        // The dashboard's page under the API's path, its addresses relative to it.
        var page = await http.GetStringAsync(new Uri("dashboard", UriKind.Relative));
        Assert.Contains("<script src=\"dashboard/dashboard.js\"", page, StringComparison.Ordinal);
        Assert.StartsWith("// The Midflight dashboard", await http.GetStringAsync(new Uri(new Uri(address, "dashboard"), "dashboard/dashboard.js")), StringComparison.Ordinal);
        // No endpoint of its own: the application's server is the only one.
        Assert.Equal(address.Port, new Uri(app.Urls.Single()).Port);

        await app.StopAsync();

        Assert.Empty(HostedApplication.ModuleThreadsAfterStop());
        Assert.False(_application.Files.IsLocked());
        Assert.False(File.Exists(_application.Files.AddressFile));
    }

    [Theory]
    [InlineData("midflight")]
    [InlineData("/midflight/")]
    public void A_path_that_is_no_path_prefix_is_refused(string path)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _application.Folder, Args = [] });
        builder.Services.AddMidflight();
        var app = builder.Build();

        var refused = Assert.Throws<ArgumentException>(() => app.MapMidflightControl(path));

        Assert.Contains($"must start with '/' and not end with one, as '/midflight' does, not '{path}'", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _application.Dispose();
}
