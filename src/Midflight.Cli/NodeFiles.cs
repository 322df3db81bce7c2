namespace Midflight.Cli;

/// <summary>
/// Where the embedded node of a configuration keeps its files, beside the configuration in
/// <c>.midflight/</c>: its event log, and its control endpoint's address and token.
/// </summary>
internal static class NodeFiles
{
    public static string Folder(FileInfo configuration) => Path.Combine(configuration.DirectoryName!, ".midflight");

    public static string Name(FileInfo configuration) => Path.GetFileNameWithoutExtension(configuration.Name);

    public static string EventLog(FileInfo configuration) => Path.Combine(Folder(configuration), Name(configuration) + ".events.db");

    public static Control.ControlFiles Control(FileInfo configuration) => new(Folder(configuration), Name(configuration));
}
