namespace Midflight.Control;

/// <summary>
/// Where the node of a configuration keeps its files, beside the configuration in <c>.midflight/</c>:
/// its event log, its stable store, and its control endpoint's address and token. The command line finds a running node
/// by them, whether <c>midflight run</c> or an application of the user's runs it.
/// </summary>
public static class NodeFiles
{
    public static string Folder(FileInfo configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Path.Combine(configuration.DirectoryName!, ".midflight");
    }

    public static string Name(FileInfo configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Path.GetFileNameWithoutExtension(configuration.Name);
    }

    public static string EventLog(FileInfo configuration) => Path.Combine(Folder(configuration), Name(configuration) + ".events.db");

    /// <summary>The stable store of the configuration's stable groups (see <see cref="Runtime.SqliteStableStore"/>); made only for an application that has one.</summary>
    public static string StableStore(FileInfo configuration) => Path.Combine(Folder(configuration), Name(configuration) + ".stable.db");

    public static ControlFiles Control(FileInfo configuration) => new(Folder(configuration), Name(configuration));
}
