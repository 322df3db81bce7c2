using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Midflight.Runtime;

/// <summary>
/// The stable store as a SQLite database file, readable only by its owner where the file system allows
/// it. Write-ahead logging makes each write one transaction that a process killed at any moment leaves
/// whole or absent; with <c>synchronous = NORMAL</c> a committed write survives the process, and only
/// a crash of the machine itself may lose the last ones (SQLite's trade for not syncing the disk on
/// every commit). Each member's row holds its version and its state; the assemblies are kept once per
/// version, by hash.
/// </summary>
public sealed class SqliteStableStore : IStableStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS assemblies (
            hash TEXT PRIMARY KEY,
            bytes BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS members (
            application TEXT NOT NULL,
            instance TEXT NOT NULL,
            grp TEXT NOT NULL,
            module TEXT NOT NULL,
            source TEXT NOT NULL,
            assembly_path TEXT NOT NULL,
            hash TEXT NOT NULL REFERENCES assemblies(hash),
            state BLOB NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (application, instance)
        );
        """;

    private readonly string _connectionString;

    private SqliteStableStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens an existing store, to read or change it while no node runs.</summary>
    /// <exception cref="FileNotFoundException">There is no store at <paramref name="path"/>.</exception>
    /// <exception cref="StableStoreException">The file is no stable store.</exception>
    public static SqliteStableStore OpenExisting(string path) =>
        File.Exists(path) ? Open(path) : throw new FileNotFoundException($"there is no stable store at '{System.IO.Path.GetFullPath(path)}': a node keeps one once it runs an application with a stable group", path);

    /// <summary>Opens the store at <paramref name="path"/>, creating the file, its folder and its tables if need be.</summary>
    /// <exception cref="StableStoreException">The file cannot be opened as a stable store.</exception>
    public static SqliteStableStore Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var store = new SqliteStableStore(full);
        store.Run("open", connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = Schema;
            command.ExecuteNonQuery();
        });
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return store;
    }

    public IReadOnlyList<StableRecord> Read(string application) => Run("read", connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.grp, m.instance, m.module, m.source, m.assembly_path, m.hash, a.bytes, m.state, m.at
            FROM members m JOIN assemblies a ON a.hash = m.hash
            WHERE m.application = $application ORDER BY m.instance;
            """;
        command.Parameters.AddWithValue("$application", application);
        using var reader = command.ExecuteReader();
        var records = new List<StableRecord>();
        while (reader.Read())
        {
            var version = new StableVersion(reader.GetString(3), reader.GetString(4), (byte[])reader[6], reader.GetString(5));
            records.Add(new StableRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), version, (byte[])reader[7],
                DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture)));
        }
        return records;
    });

    public void Write(string application, IReadOnlyList<StableRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Run("write", connection =>
        {
            using var transaction = connection.BeginTransaction();
            foreach (var record in records)
            {
                using (var assembly = connection.CreateCommand())
                {
                    assembly.CommandText = "INSERT OR IGNORE INTO assemblies (hash, bytes) VALUES ($hash, $bytes);";
                    assembly.Parameters.AddWithValue("$hash", record.Version.Hash);
                    assembly.Parameters.AddWithValue("$bytes", record.Version.Assembly.ToArray());
                    assembly.ExecuteNonQuery();
                }
                using var member = connection.CreateCommand();
                member.CommandText = """
                    INSERT OR REPLACE INTO members (application, instance, grp, module, source, assembly_path, hash, state, at)
                    VALUES ($application, $instance, $group, $module, $source, $path, $hash, $state, $at);
                    """;
                member.Parameters.AddWithValue("$application", application);
                member.Parameters.AddWithValue("$instance", record.Instance);
                member.Parameters.AddWithValue("$group", record.Group);
                member.Parameters.AddWithValue("$module", record.Module);
                member.Parameters.AddWithValue("$source", record.Version.Source);
                member.Parameters.AddWithValue("$path", record.Version.AssemblyPath);
                member.Parameters.AddWithValue("$hash", record.Version.Hash);
                member.Parameters.AddWithValue("$state", record.State.ToArray());
                member.Parameters.AddWithValue("$at", record.At.ToString("O", CultureInfo.InvariantCulture));
                member.ExecuteNonQuery();
            }
            DeleteUnusedAssemblies(connection);
            transaction.Commit();
        });
    }

    public void WriteState(string application, string instance, string hash, ReadOnlyMemory<byte> state, DateTimeOffset at)
    {
        var written = Run("write", connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE members SET state = $state, at = $at WHERE application = $application AND instance = $instance AND hash = $hash;";
            command.Parameters.AddWithValue("$application", application);
            command.Parameters.AddWithValue("$instance", instance);
            command.Parameters.AddWithValue("$hash", hash);
            command.Parameters.AddWithValue("$state", state.ToArray());
            command.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
            return command.ExecuteNonQuery();
        });
        if (written == 0)
        {
            throw new StableStoreException($"the stable store '{Path}' holds no record of '{instance}' in the version it runs ({StableVersion.Short(hash)}): its state was not written");
        }
    }

    public int Forget(string application, string group) => Run("forget", connection =>
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM members WHERE application = $application AND grp = $group;";
        command.Parameters.AddWithValue("$application", application);
        command.Parameters.AddWithValue("$group", group);
        var forgotten = command.ExecuteNonQuery();
        DeleteUnusedAssemblies(connection);
        transaction.Commit();
        return forgotten;
    });

    /// <summary>Versions no member runs any more: a store updated often keeps only what it may load.</summary>
    private static void DeleteUnusedAssemblies(SqliteConnection connection)
    {
        using var unused = connection.CreateCommand();
        unused.CommandText = "DELETE FROM assemblies WHERE hash NOT IN (SELECT hash FROM members);";
        unused.ExecuteNonQuery();
    }

    private void Run(string what, Action<SqliteConnection> work) => Run(what, connection =>
    {
        work(connection);
        return 0;
    });

    private T Run<T>(string what, Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
                pragma.ExecuteNonQuery();
            }
            return work(connection);
        }
        catch (SqliteException exception)
        {
            throw new StableStoreException($"the stable store '{Path}' could not {what}: {exception.Message}", exception);
        }
        catch (FormatException exception)
        {
            throw new StableStoreException($"the stable store '{Path}' holds a record it cannot read: {exception.Message}", exception);
        }
    }
}
