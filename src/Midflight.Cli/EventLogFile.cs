namespace Midflight.Cli;

/// <summary>Where the embedded node of a configuration keeps its event log: beside the configuration, in <c>.midflight/</c>.</summary>
internal static class EventLogFile
{
    public static string For(FileInfo configuration) =>
        Path.Combine(configuration.DirectoryName!, ".midflight", Path.GetFileNameWithoutExtension(configuration.Name) + ".events.db");
}
