using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Json;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight dashboard FILE.mil [--no-browser]</c>: opens the running node's dashboard in a browser,
/// handing it the token through a ticket good once for a minute, in the URL's fragment — which a
/// browser never sends, so no log keeps it — never the token itself.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) of the running application" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Print the page's address, good once within a minute, instead of opening a browser" };
        var dashboard = new Command("dashboard", "Open a running node's live dashboard — topology, instances, reconfigurations, throughput — in a browser") { file, noBrowser };
        dashboard.SetAction((parseResult, cancellationToken) => NodeClient.CallAsync(parseResult.GetValue(file)!, errors, async http =>
        {
            using var response = await http.PostAsync(new Uri("v1/dashboard/tickets", UriKind.Relative), null, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await errors.WriteLineAsync($"error: the node refused: {NodeClient.ErrorOf(await response.Content.ReadAsStringAsync(cancellationToken))}");
                return ExitCodes.Refused;
            }
            var ticket = (await response.Content.ReadFromJsonAsync<Ticket>(CliJson.Options, cancellationToken))!;
            var page = new Uri(http.BaseAddress!, $"dashboard#ticket={ticket.Value}");
            var output = console.Profile.Out.Writer;
            if (parseResult.GetValue(noBrowser))
            {
                output.WriteLine(page);
                output.WriteLine($"open it within {ticket.ExpiresInSeconds:0} s: the address is good once");
                return ExitCodes.Success;
            }
            try
            {
                // The desktop's own opener (xdg-open, open, the shell): the browser the user chose.
                using var browser = Process.Start(new ProcessStartInfo(page.ToString()) { UseShellExecute = true });
                output.WriteLine($"the dashboard is open in your browser ({http.BaseAddress}dashboard)");
            }
            catch (Exception exception) when (exception is Win32Exception or InvalidOperationException)
            {
                output.WriteLine($"no browser could be opened ({exception.Message}); open this address within {ticket.ExpiresInSeconds:0} s, good once:");
                output.WriteLine(page);
            }
            return ExitCodes.Success;
        }));
        return dashboard;
    }

    private sealed record Ticket([property: System.Text.Json.Serialization.JsonPropertyName("ticket")] string Value, double ExpiresInSeconds);
}
