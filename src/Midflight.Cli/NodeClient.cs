using System.Net.Http.Headers;
using System.Text.Json;
using Midflight.Control;

namespace Midflight.Cli;

/// <summary>
/// Talks to the running node of a configuration through its control endpoint, found and authenticated
/// by the node's files beside the configuration. Every way it can go wrong is an error saying so,
/// with the exit code of docs/cli.md.
/// </summary>
internal static class NodeClient
{
    /// <summary>The environment variable that gives the token to call the node with, instead of the node's own.</summary>
    public const string TokenVariable = "MIDFLIGHT_TOKEN";

    /// <summary>Calls the node with its token, once its files are shown to be its own.</summary>
    public static async Task<int> CallAsync(FileInfo configuration, TextWriter errors, Func<HttpClient, Task<int>> call)
    {
        if (!InputFile.Exists(configuration, errors))
        {
            return ExitCodes.InvalidInput;
        }
        Uri address;
        string token;
        try
        {
            (address, token) = NodeFiles.Control(configuration).Read();
        }
        catch (NodeNotRunningException exception)
        {
            InputFile.Report(configuration, errors, exception.Message);
            return ExitCodes.Unreachable;
        }
        catch (Exception exception) when (exception is UntrustedNodeFilesException or IOException or UnauthorizedAccessException)
        {
            InputFile.Report(configuration, errors, $"the node's files cannot be used: {exception.Message}");
            return ExitCodes.InvalidInput;
        }
        // A token of the node's grants (midflight token add), in place of the node's own, for someone with fewer rights.
        if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } granted)
        {
            token = granted;
        }
        using var http = Connect(address, token);
        try
        {
            return await call(http).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            await errors.WriteLineAsync($"error: the node at {address} does not answer ({exception.Message}); is it still running?").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (JsonException exception)
        {
            await errors.WriteLineAsync($"error: what answers at {address} is not a Midflight node, or not this version of one: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
    }

    /// <summary>
    /// A client that waits as long as the node takes. A change is bounded by the node itself — its
    /// timeout for the moment it needs, the build of a new version — and answers when it is over;
    /// giving up earlier would leave the user without the outcome of a change that still happens.
    /// </summary>
    internal static HttpClient Connect(Uri address, string token)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The node's reason, out of its JSON answer.</summary>
    public static string ErrorOf(string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? error.GetString()!
                : answer;
        }
        catch (JsonException)
        {
            return answer;
        }
    }
}
