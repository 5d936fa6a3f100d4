using System.Diagnostics.CodeAnalysis;
using InterpLoop.Engine;
using InterpLoop.Spec.Catalog;
using Microsoft.Data.Sqlite;

namespace InterpLoop.Hunt;

/// <summary>
/// Every finished run, keyed by <see cref="RunKey"/>, in an embedded SQLite file, so a repeated run is a
/// cache hit and an interrupted hunt resumes without losing finished runs. A run is written in one
/// transaction only after it has finished, so a process killed at any point loses at most the run it was
/// training. A second table holds preludes (work many runs share, such as reward_hacking's reference model
/// and fitted probe) as the engine's snapshots, one transaction each, so a new process with a new
/// configuration reuses them; <see cref="GetOrRun"/> hands the store to the scenario for that.
/// The file is in WAL mode: other processes may read (and write) it at the same time.
/// Methods are safe to call from several threads; each call holds the connection only briefly.
/// </summary>
public sealed class RunStore : IDisposable, IPreludeStore
{
    /// <summary>Relative to the current directory, like git's own folder: a project's runs stay with it.</summary>
    public static readonly string DefaultPath = Path.Combine(".interploop", "runs.db");

    /// <summary>
    /// The layout this code writes (SQLite's user_version). A newer file is refused, not misread. 1: runs;
    /// 2: runs and preludes (a layout-1 file gains the preludes table and keeps its runs).
    /// </summary>
    public const int SchemaVersion = 2;

    readonly SqliteConnection connection;
    readonly Lock gate = new();
    readonly List<string> warnings = new();
    int hits, misses;

    RunStore(string path, string engineVersion, SqliteConnection connection)
    {
        FilePath = path; EngineVersion = engineVersion; this.connection = connection;
    }

    /// <summary>The database file's full path.</summary>
    public string FilePath { get; }

    /// <summary>The engine version runs are keyed on: <see cref="Engine.EngineVersion.Current"/> unless a test says otherwise.</summary>
    public string EngineVersion { get; }

    /// <summary>Lookups answered from the store since it was opened.</summary>
    public int Hits { get { lock (gate) return hits; } }

    /// <summary>Runs trained (and stored) since it was opened.</summary>
    public int Misses { get { lock (gate) return misses; } }

    /// <summary>Problems the store met and recovered from since it was opened (an unreadable prelude), each naming the file and key.</summary>
    public IReadOnlyList<string> Warnings { get { lock (gate) return warnings.ToList(); } }

    /// <summary>
    /// Opens (creating the folder and file if needed) the store at <paramref name="path"/>, or at
    /// <see cref="DefaultPath"/> under the current directory. Throws <see cref="RunStoreException"/>, naming the
    /// file, when it is not a usable run store.
    /// </summary>
    /// <param name="sharedFilesystem">
    /// A rollback journal instead of WAL: WAL's shared-memory index does not work across the hosts of a network
    /// filesystem, and a shard store on one is written on a node and read by the coordinator on another.
    /// </param>
    public static RunStore Open(string? path = null, string? engineVersion = null, bool sharedFilesystem = false)
    {
        var full = Path.GetFullPath(path ?? DefaultPath);
        SqliteConnection? connection = null;
        try
        {
            if (Directory.Exists(full)) throw new RunStoreException($"run store '{full}' is a folder; give the path of a file, e.g. {Path.Combine(full, "runs.db")}");
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            // No pooling: the store owns its one connection, and closing it must release the file (tests
            // delete their folders; a user may delete a store to start over).
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = 60,
            }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 60000;");
            Execute(connection, sharedFilesystem ? "PRAGMA journal_mode = DELETE;" : "PRAGMA journal_mode = WAL;");
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"));
            if (version > SchemaVersion)
                throw new RunStoreException($"run store '{full}' was written by a newer InterpLoop (layout {version}, this one reads {SchemaVersion}); use --store to pick another file");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS runs (
                    key            TEXT PRIMARY KEY NOT NULL,
                    scenario       TEXT NOT NULL,
                    seed           INTEGER NOT NULL,
                    engine_version TEXT NOT NULL,
                    result         TEXT NOT NULL,
                    stored_utc     TEXT NOT NULL
                );
                """);
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS preludes (
                    key            TEXT PRIMARY KEY NOT NULL,
                    engine_version TEXT NOT NULL,
                    snapshot       BLOB NOT NULL,
                    stored_utc     TEXT NOT NULL
                );
                """);
            if (version < SchemaVersion) Execute(connection, $"PRAGMA user_version = {SchemaVersion};");
            // Touch the tables so a file that is a database but not ours fails here rather than mid-hunt.
            Scalar(connection, "SELECT count(*) FROM runs;");
            Scalar(connection, "SELECT count(*) FROM preludes;");
            return new RunStore(full, engineVersion ?? Engine.EngineVersion.Current, connection);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            throw new RunStoreException(Describe(full, e), e);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <summary>Number of stored runs (all scenarios and engine versions).</summary>
    public int Count => Guard(() => Convert.ToInt32(Scalar(connection, "SELECT count(*) FROM runs;")));

    /// <summary>Number of stored preludes (all scenarios and engine versions).</summary>
    public int PreludeCount => Guard(() => Convert.ToInt32(Scalar(connection, "SELECT count(*) FROM preludes;")));

    /// <summary>The key a run of these assignments and seed has in this store. Assignments must be valid.</summary>
    public string KeyOf(IScenario scenario, IReadOnlyDictionary<string, ParameterValue> assignments, long seed) =>
        RunKey.Compute(scenario.Catalog.Name, ScenarioConfigurations.Full(scenario, assignments), seed, EngineVersion);

    public bool TryGet(IScenario scenario, IReadOnlyDictionary<string, ParameterValue> assignments, long seed, [NotNullWhen(true)] out RunResult? result)
    {
        ThrowIfInvalid(scenario, assignments);
        result = Lookup(KeyOf(scenario, assignments, seed));
        return result is not null;
    }

    /// <summary>
    /// The stored result of this run, or trains it, stores it (one transaction) and returns it. Two
    /// processes that miss the same key both train; the first to finish is kept (runs are deterministic).
    /// </summary>
    /// <param name="preludes">Where preludes are looked for and saved; null: this store.</param>
    public RunResult GetOrRun(IScenario scenario, IReadOnlyDictionary<string, ParameterValue> assignments, long seed,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default, IPreludeStore? preludes = null)
    {
        ThrowIfInvalid(scenario, assignments);
        var config = ScenarioConfigurations.Full(scenario, assignments);
        var key = RunKey.Compute(scenario.Catalog.Name, config, seed, EngineVersion);
        if (Lookup(key) is { } stored)
        {
            lock (gate) hits++;
            return stored;
        }

        var result = scenario.RunReusing(assignments, seed, preludes ?? this, progress, cancellation);
        CheckReported(scenario, result, seed, config);
        Insert(key, result);
        lock (gate) misses++;
        return result;
    }

    /// <summary>
    /// <see cref="GetOrRun"/> for a batch: every run the store lacks is trained by one <see cref="IScenario.RunBatch"/>
    /// call (reward_hacking trains runs of one shape as one batched population), each stored as soon as it is finished.
    /// A request repeated within the batch trains once. Results are in request order. A process killed mid-batch loses
    /// the runs of the population it was training, not those already stored.
    /// </summary>
    /// <param name="finished">Hears of each distinct run as it is found in the store or stored.</param>
    /// <param name="preludes">Where preludes are looked for and saved; null: this store.</param>
    public IReadOnlyList<RunResult> GetOrRunBatch(IScenario scenario, IReadOnlyList<RunRequest> requests,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default, Action<RunResult>? finished = null,
        IPreludeStore? preludes = null)
    {
        var results = new RunResult?[requests.Count];
        var keys = new string[requests.Count];
        var configs = new IReadOnlyList<KeyValuePair<string, string>>[requests.Count];
        var missing = new List<int>();
        var firstOfKey = new Dictionary<string, int>();
        for (int i = 0; i < requests.Count; i++)
        {
            ThrowIfInvalid(scenario, requests[i].Assignments);
            configs[i] = ScenarioConfigurations.Full(scenario, requests[i].Assignments);
            keys[i] = RunKey.Compute(scenario.Catalog.Name, configs[i], requests[i].Seed, EngineVersion);
            if (firstOfKey.ContainsKey(keys[i])) continue;
            firstOfKey[keys[i]] = i;
            if (Lookup(keys[i]) is { } stored)
            {
                results[i] = stored;
                lock (gate) hits++;
                finished?.Invoke(stored);
            }
            else missing.Add(i);
        }
        if (missing.Count > 0)
        {
            var trained = scenario.RunBatch(missing.Select(i => requests[i]).ToList(), preludes ?? this, progress, cancellation, (k, result) =>
            {
                int i = missing[k];
                CheckReported(scenario, result, requests[i].Seed, configs[i]);
                Insert(keys[i], result);
                lock (gate) misses++;
                finished?.Invoke(result);
            });
            for (int k = 0; k < missing.Count; k++) results[missing[k]] = trained[k];
        }
        for (int i = 0; i < requests.Count; i++) results[i] ??= results[firstOfKey[keys[i]]];
        return results.Select(r => r!).ToList();
    }

    /// <summary>The prelude snapshot under a key (<see cref="IPreludeStore"/>); a value that is not a blob reads as empty (unreadable).</summary>
    public byte[]? LoadPrelude(string key) => Guard(() =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot FROM preludes WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() switch
        {
            null or DBNull => null,
            byte[] bytes => bytes,
            _ => Array.Empty<byte>(),
        };
    });

    public void SavePrelude(string key, byte[] snapshot) => Guard(() =>
    {
        using var transaction = connection.BeginTransaction();
        using var command = InsertPrelude(transaction, key, Engine.EngineVersion.Current, snapshot, Now());
        command.ExecuteNonQuery();
        transaction.Commit();
        return 0;
    });

    /// <summary>Records a warning naming the file and key, and deletes the row so the recomputed prelude replaces it.</summary>
    public void ReportUnreadablePrelude(string key, string reason) => Guard(() =>
    {
        warnings.Add($"run store '{FilePath}': the stored prelude {key} is unreadable ({reason}); it was recomputed and stored again");
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM preludes WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        command.ExecuteNonQuery();
        return 0;
    });

    /// <summary>
    /// Copies every run and prelude of the other store files (shards a worker wrote) into this one by key, in one
    /// transaction: a run already here is left as it is, so merging twice changes nothing. Every file is read and
    /// checked first; one that is missing, truncated, corrupt or not a run store throws <see cref="RunStoreException"/>
    /// naming it, and nothing is merged.
    /// </summary>
    public RunStoreMerge Merge(IReadOnlyList<string> otherPaths)
    {
        var contents = otherPaths.Select(ReadFile).ToList();
        return Guard(() =>
        {
            int merged = 0, present = 0, preludes = 0, preludesPresent = 0;
            using var transaction = connection.BeginTransaction();
            foreach (var file in contents)
            {
                foreach (var row in file.Runs)
                {
                    using var command = InsertRun(transaction, row.Key, row.Scenario, row.Seed, row.Engine, row.Result, row.Stored);
                    if (command.ExecuteNonQuery() == 1) merged++; else present++;
                }
                foreach (var (key, engine, snapshot, stored) in file.Preludes)
                {
                    using var command = InsertPrelude(transaction, key, engine, snapshot, stored);
                    if (command.ExecuteNonQuery() == 1) preludes++; else preludesPresent++;
                }
            }
            transaction.Commit();
            return new RunStoreMerge(merged, present, preludes, preludesPresent);
        });
    }

    /// <summary>Runs in a store file, read without checking or writing it (progress of a shard a worker is still writing).</summary>
    public static int CountIn(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 5 }.ToString());
            other.Open();
            return Convert.ToInt32(Scalar(other, "SELECT count(*) FROM runs;"));
        }
        catch (SqliteException e) { throw new RunStoreException(Describe(full, e), e); }
    }

    /// <summary>The run keys of a store file, read without writing it; throws <see cref="RunStoreException"/> naming a bad file.</summary>
    public static IReadOnlySet<string> KeysIn(string path) => ReadFile(path, withPreludes: false).Runs.Select(r => r.Key).ToHashSet();

    sealed record StoredRow(string Key, string Scenario, long Seed, string Engine, string Result, string Stored);

    sealed record StoreFile(List<StoredRow> Runs, List<(string Key, string Engine, byte[] Snapshot, string Stored)> Preludes);

    static StoreFile ReadFile(string path) => ReadFile(path, withPreludes: true);

    /// <summary>
    /// Reads a whole store file read-only: SQLite's integrity check first (a truncated copy or a torn write fails it),
    /// then every run row, each of which must parse as a run.
    /// </summary>
    static StoreFile ReadFile(string path, bool withPreludes)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new RunStoreException($"run store '{full}' does not exist");
        try
        {
            using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            other.Open();
            var check = Scalar(other, "PRAGMA quick_check;") as string;
            if (check != "ok") throw new RunStoreException($"run store '{full}' is corrupt or truncated (SQLite's check says: {check}); its runs are not used");
            var runs = new List<StoredRow>();
            using (var command = other.CreateCommand())
            {
                command.CommandText = "SELECT key, scenario, seed, engine_version, result, stored_utc FROM runs ORDER BY key;";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var row = new StoredRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
                    try { RunResultJson.Deserialize(row.Result); }
                    catch (FormatException e) { throw new RunStoreException($"run store '{full}': the stored run {row.Key} is unreadable ({e.Message}); its runs are not used", e); }
                    runs.Add(row);
                }
            }
            var preludes = new List<(string, string, byte[], string)>();
            if (withPreludes)
            {
                using var command = other.CreateCommand();
                command.CommandText = "SELECT key, engine_version, snapshot, stored_utc FROM preludes ORDER BY key;";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                    if (reader.GetValue(2) is byte[] snapshot) preludes.Add((reader.GetString(0), reader.GetString(1), snapshot, reader.GetString(3)));
            }
            return new StoreFile(runs, preludes);
        }
        catch (SqliteException e) { throw new RunStoreException(Describe(full, e), e); }
        catch (InvalidCastException e) { throw new RunStoreException($"run store '{full}' is not a run store of this layout ({e.Message}); its runs are not used", e); }
    }

    public void Dispose()
    {
        lock (gate) connection.Dispose();
    }

    RunResult? Lookup(string key)
    {
        var json = Guard(() =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT result FROM runs WHERE key = $key;";
            command.Parameters.AddWithValue("$key", key);
            return command.ExecuteScalar() as string;
        });
        if (json is null) return null;
        try { return RunResultJson.Deserialize(json); }
        catch (FormatException e)
        {
            throw new RunStoreException($"run store '{FilePath}': the stored run {key} is unreadable ({e.Message}); delete the file to start over, or use --store to pick another", e);
        }
    }

    void Insert(string key, RunResult result) => Guard(() =>
    {
        using var transaction = connection.BeginTransaction();
        using var command = InsertRun(transaction, key, result.Scenario, result.Seed, EngineVersion, RunResultJson.Serialize(result), Now());
        command.ExecuteNonQuery();
        transaction.Commit();
        return 0;
    });

    /// <summary>The one statement that adds a run row (a row already under the key is kept, as runs are deterministic).</summary>
    SqliteCommand InsertRun(SqliteTransaction transaction, string key, string scenario, long seed, string engine, string result, string stored)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO runs (key, scenario, seed, engine_version, result, stored_utc)
            VALUES ($key, $scenario, $seed, $engine, $result, $stored);
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$scenario", scenario);
        command.Parameters.AddWithValue("$seed", seed);
        command.Parameters.AddWithValue("$engine", engine);
        command.Parameters.AddWithValue("$result", result);
        command.Parameters.AddWithValue("$stored", stored);
        return command;
    }

    /// <summary>The one statement that adds a prelude row (first writer wins).</summary>
    SqliteCommand InsertPrelude(SqliteTransaction transaction, string key, string engine, byte[] snapshot, string stored)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO preludes (key, engine_version, snapshot, stored_utc)
            VALUES ($key, $engine, $snapshot, $stored);
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$engine", engine);
        command.Parameters.Add("$snapshot", SqliteType.Blob).Value = snapshot;
        command.Parameters.AddWithValue("$stored", stored);
        return command;
    }

    static string Now() => DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A key computed from a config other than the one that ran would serve wrong results forever.</summary>
    static void CheckReported(IScenario scenario, RunResult result, long seed, IReadOnlyList<KeyValuePair<string, string>> config)
    {
        if (result.Scenario != scenario.Catalog.Name || result.Seed != seed || !result.Config.SequenceEqual(config))
            throw new InvalidOperationException(
                $"scenario {scenario.Catalog.Name} reported a run (scenario {result.Scenario}, seed {result.Seed}) whose configuration differs from the one its store key was computed from; " +
                "register the family's config description in ScenarioConfigurations");
    }

    T Guard<T>(Func<T> work)
    {
        lock (gate)
        {
            try { return work(); }
            catch (SqliteException e) { throw new RunStoreException(Describe(FilePath, e), e); }
        }
    }

    static void ThrowIfInvalid(IScenario scenario, IReadOnlyDictionary<string, ParameterValue> assignments)
    {
        var errors = ConfigAssignments.Validate(scenario.Catalog, assignments);
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(assignments));
    }

    static string Describe(string path, Exception e) => e switch
    {
        // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the bytes on disk are not a sound SQLite database.
        SqliteException { SqliteErrorCode: 11 or 26 } =>
            $"run store '{path}' is corrupt or not a SQLite database ({e.Message}); delete it (its runs will be recomputed) or use --store to pick another file",
        SqliteException => $"run store '{path}' cannot be used: {e.Message}",
        _ => $"run store '{path}' cannot be opened: {e.Message}",
    };

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
