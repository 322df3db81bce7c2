using System.Net.Http.Headers;
using Microsoft.Playwright;
using Midflight.Control;
using static Microsoft.Playwright.Assertions;

namespace Midflight.Cli.Tests;

/// <summary>
/// The dashboard in a real headless Chromium, as an operator opens it with <c>midflight dashboard</c>,
/// on the Monitor run by <c>midflight run</c> on real time.
/// </summary>
public sealed class DashboardBrowserTests : IDisposable
{
    // Without them, Chromium reaches for Google's services, which this network refuses, at every start.
    private static readonly string[] QuietChromium =
        ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-dashboard-").FullName;

    public DashboardBrowserTests()
    {
        // The Monitor of examples/Monitor/monitor.mil, its modules from the prepared Monitor.dll beside the tests.
        var monitor = Path.Combine(AppContext.BaseDirectory, "Monitor.dll");
        File.WriteAllText(Configuration, File.ReadAllText(CliRun.PathOf("examples", "Monitor", "monitor.mil"))
            .Replace("Monitor.csproj#", monitor + "#", StringComparison.Ordinal));
        SetDefaultExpectTimeout(15_000);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Configuration => Path.Combine(_folder, "monitor.mil");

    [BrowserFact]
    public async Task The_dashboard_shows_the_Monitor_live_a_replace_on_its_timeline_and_nothing_without_the_token()
    {
        using var node = await MidflightProcess.StartAsync("run", Configuration);
        var command = new CliRun();
        Assert.Equal(ExitCodes.Success, await command.InvokeAsync("dashboard", Configuration, "--no-browser"));
        var opened = command.Output.Split('\n')[0].Trim();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/dashboard#ticket=[A-Za-z0-9_-]{43}$", opened);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = QuietChromium,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        await page.GotoAsync(opened);

        // The ticket is gone from the address once redeemed, and the page shows the application.
        await Expect(page).ToHaveURLAsync(new Uri(new Uri(opened), "/dashboard").ToString());
        await Expect(page.Locator("[data-instance]")).ToHaveCountAsync(3);
        Assert.Equal(["compute", "display", "sensor"], (await page.Locator("[data-instance]").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.instance)")).Order());
        await Expect(page.Locator("[data-binding]")).ToHaveCountAsync(2);
        Assert.Equal(["display temper -> compute display", "sensor out -> compute sensor"],
            (await page.Locator("[data-binding]").EvaluateAllAsync<string[]>("edges => edges.map(e => e.dataset.binding)")).Order());
        await Expect(page.Locator("#timeline tr", new PageLocatorOptions { HasText = "launch monitor" })).ToHaveCountAsync(1);
        // Each look at the status after the first is a rate: the throughput plot has its line, a few seconds long.
        await Expect(page.Locator("#throughput polyline")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("() => +document.getElementById('throughput').dataset.samples >= 5", null, new PageWaitForFunctionOptions { Timeout = 15_000 });

        var (endpoint, token) = NodeFiles.Control(new FileInfo(Configuration)).Read();
        using var http = new HttpClient { BaseAddress = endpoint };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var replaced = await http.PostAsync(new Uri("v1/replace/compute", UriKind.Relative), null);
        Assert.True(replaced.IsSuccessStatusCode, await replaced.Content.ReadAsStringAsync());

        // Within seconds, live: the replace on the timeline, committed, with its pause; compute runs again.
        var replace = page.Locator("#timeline tr[data-outcome=Committed]", new PageLocatorOptions { HasText = "replace compute" });
        await Expect(replace).ToHaveCountAsync(1);
        await Expect(replace).ToContainTextAsync("control endpoint");
        await Expect(page.Locator("#throughput .plot-mark.Committed")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("[data-instance-row=compute]")).ToContainTextAsync("R");
        await page.WaitForFunctionAsync("() => +document.getElementById('throughput').dataset.samples >= 8", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "dashboard.png"), FullPage = true });

        // Without the token, the endpoint gives the page no data; the page itself holds none.
        Assert.Equal(401, await page.EvaluateAsync<int>("fetch('/v1/status').then(r => r.status)"));
        Assert.Equal(401, await page.EvaluateAsync<int>("fetch('/v1/events').then(r => r.status)"));
        var stranger = await browser.NewPageAsync();
        await stranger.GotoAsync(new Uri(endpoint, "dashboard").ToString());
        await Expect(stranger.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(stranger.Locator("[data-instance]")).ToHaveCountAsync(0);
        // The ticket was good once: the same address again is refused.
        var again = await browser.NewPageAsync();
        await again.GotoAsync(opened);
        await Expect(again.Locator("#sign-in-error")).ToContainTextAsync("unknown, spent or expired");
        await Expect(again.Locator("[data-instance]")).ToHaveCountAsync(0);
    }
}
