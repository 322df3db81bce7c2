using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Midflight.Runtime;

/// <summary>
/// The event log as a SQLite database file. The file is created with the schema on first use, and
/// readable only by its owner where the file system allows it: it records who changed what. SQLite's
/// journal keeps the file whole whenever the writing process dies; the node that opens the log to
/// write marks what a node before it left in progress as interrupted.
/// </summary>
public sealed class SqliteEventLog : IEventLog
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reconfigurations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            title TEXT NOT NULL,
            plan TEXT NOT NULL,
            steps INTEGER NOT NULL,
            duration_ms REAL NOT NULL,
            paused_ms REAL NOT NULL,
            outcome TEXT NOT NULL,
            error TEXT
        );
        """;

    private readonly string _connectionString;

    private SqliteEventLog(string path, SqliteOpenMode mode)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>What a change that a node left in progress is marked with when the next node opens the log.</summary>
    public const string InterruptedReason = "interrupted: the node ended (killed, or its machine stopped) before this change completed";

    /// <summary>
    /// Opens the log at <paramref name="path"/> for the node that is to write it, creating the file and
    /// its folder if need be. What a previous node left in progress, it never finished: it is marked
    /// <see cref="ReconfigurationOutcome.Interrupted"/>. Only one node may write a log (the node's lock
    /// sees to that for <c>midflight run</c>).
    /// </summary>
    public static async Task<SqliteEventLog> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var log = new SqliteEventLog(full, SqliteOpenMode.ReadWriteCreate);
        await using (var connection = await log.ConnectAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = Schema + "UPDATE reconfigurations SET outcome = $interrupted, error = $reason WHERE outcome = $inProgress;";
            command.Parameters.AddWithValue("$interrupted", nameof(ReconfigurationOutcome.Interrupted));
            command.Parameters.AddWithValue("$reason", InterruptedReason);
            command.Parameters.AddWithValue("$inProgress", nameof(ReconfigurationOutcome.InProgress));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return log;
    }

    /// <summary>Opens an existing log to read it.</summary>
    /// <exception cref="FileNotFoundException">There is no log at <paramref name="path"/>.</exception>
    public static SqliteEventLog OpenExisting(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        return File.Exists(full)
            ? new SqliteEventLog(full, SqliteOpenMode.ReadOnly)
            : throw new FileNotFoundException($"there is no event log at '{full}': a node writes it when it first reconfigures its application", full);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public async Task<long> AppendAsync(ReconfigurationEvent entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reconfigurations (at, requested_by, title, plan, steps, duration_ms, paused_ms, outcome, error)
            VALUES ($at, $requestedBy, $title, $plan, $steps, $duration, $paused, $outcome, $error)
            RETURNING id
            """;
        command.Parameters.AddWithValue("$at", entry.At.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$requestedBy", entry.RequestedBy);
        command.Parameters.AddWithValue("$title", entry.Title);
        command.Parameters.AddWithValue("$plan", entry.Plan);
        command.Parameters.AddWithValue("$steps", entry.Steps);
        command.Parameters.AddWithValue("$duration", entry.Duration.TotalMilliseconds);
        command.Parameters.AddWithValue("$paused", entry.Paused.TotalMilliseconds);
        command.Parameters.AddWithValue("$outcome", entry.Outcome.ToString());
        command.Parameters.AddWithValue("$error", (object?)entry.Error ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task EndAsync(long id, TimeSpan duration, TimeSpan paused, ReconfigurationOutcome outcome, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE reconfigurations SET duration_ms = $duration, paused_ms = $paused, outcome = $outcome, error = $error WHERE id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$duration", duration.TotalMilliseconds);
        command.Parameters.AddWithValue("$paused", paused.TotalMilliseconds);
        command.Parameters.AddWithValue("$outcome", outcome.ToString());
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReconfigurationEvent>> ReadAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, at, requested_by, title, plan, steps, duration_ms, paused_ms, outcome, error
            FROM (SELECT * FROM reconfigurations ORDER BY id DESC LIMIT $count) ORDER BY id
            """;
        command.Parameters.AddWithValue("$count", count);
        var entries = new List<ReconfigurationEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ReconfigurationEvent(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt32(5),
                TimeSpan.FromMilliseconds(reader.GetDouble(6)),
                TimeSpan.FromMilliseconds(reader.GetDouble(7)),
                Enum.Parse<ReconfigurationOutcome>(reader.GetString(8)),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return entries;
    }
}
