using System.Diagnostics;
using Mediatheque.Core;
using Mediatheque.Core.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mediatheque.Tests;

/// <summary>
/// A private PostgreSQL cluster for one test run (or one benchmark run): <c>initdb</c> in a temporary folder,
/// <c>pg_ctl</c> on a free loopback port, started on first use and stopped and removed when the process exits.
/// Nothing assumes a server already running. PostgreSQL refuses to run as root, so as root it runs as the
/// <c>postgres</c> user. Each test database is a copy of one migrated template, which takes milliseconds.
/// </summary>
public sealed class PostgreSqlServer
{
    private const string FolderPrefix = "mediatheque-pg-";
    private const string Template = "mediatheque_template";
    private static readonly Lazy<Task<PostgreSqlServer>> Shared = new(() => StartAsync(durable: false));

    private readonly string bin;
    private readonly string folder;
    private readonly bool kept;

    private PostgreSqlServer(string bin, string folder, int port, bool kept = false)
    {
        this.bin = bin;
        this.folder = folder;
        this.kept = kept;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The test run's server, started by the first test that needs it.</summary>
    public static Task<PostgreSqlServer> SharedAsync() => Shared.Value;

    /// <summary>
    /// Starts a cluster of its own. <paramref name="durable"/> keeps fsync on (benchmarks measure real commits);
    /// tests turn it off, since the cluster is thrown away anyway. With <paramref name="keptFolder"/> (a benchmark's
    /// <c>--keep</c>) the cluster lives in that folder and outlives the process: stopped when it ends, not removed,
    /// and started again from the same data by the next run.
    /// </summary>
    public static async Task<PostgreSqlServer> StartAsync(bool durable, string? keptFolder = null)
    {
        RemoveAbandonedClusters();
        var bin = FindBinaries();
        var folder = keptFolder ?? Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(folder, "data");
        var existing = keptFolder is not null && File.Exists(Path.Combine(data, "PG_VERSION"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "owner"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (RunsAsRoot)
        {
            await RunAsync("chown", $"-R postgres:postgres {folder}");
        }

        var server = new PostgreSqlServer(bin, folder, LoopbackPort.Free(), kept: keptFolder is not null);
        server.WatchOwner();
        if (!existing)
        {
            await server.RunPostgresToolAsync("initdb", $"-D {data} -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync --no-instructions");
        }

        var settings = $"-p {server.Port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
            + (durable ? string.Empty : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await server.RunPostgresToolAsync("pg_ctl", $"-D {data} -l {Path.Combine(folder, "server.log")} -w -s -o \"{settings}\" start");
        if (!existing)
        {
            await server.CreateTemplateAsync();
        }

        return server;
    }

    /// <summary>An Npgsql connection string to one database of this server.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>
    /// A fresh, migrated, empty database, copied from the template (or a copy of <paramref name="template"/>, a test database
    /// no one is connected to; <paramref name="readOnly"/>, its sessions refuse every write); drop it with <see cref="DropDatabaseAsync"/>.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, string? template = null, bool readOnly = false)
    {
        name ??= "test_" + Guid.NewGuid().ToString("N");
        await AdminAsync($"CREATE DATABASE {name} TEMPLATE {template ?? Template}");
        if (readOnly)
        {
            await AdminAsync($"ALTER DATABASE {name} SET default_transaction_read_only = on");
        }

        return name;
    }

    /// <summary>An empty database, as an administrator's <c>createdb</c> makes it (no migration applied); drop it with <see cref="DropDatabaseAsync"/>.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = "empty_" + Guid.NewGuid().ToString("N");
        await AdminAsync($"CREATE DATABASE {name}");
        return name;
    }

    /// <summary>Whether a database of that name exists (a kept benchmark database).</summary>
    public async Task<bool> HasDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    public async Task DropDatabaseAsync(string name)
    {
        // Pools keep idle connections open; WITH (FORCE) ends them instead of waiting.
        await AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>
    /// One of the server's client tools (pg_dump, pg_restore…) against this server, as the README's commands run it: as
    /// the <c>postgres</c> user; the arguments name the database and files, the connection is added here.
    /// </summary>
    public Task RunToolAsync(string tool, string arguments) =>
        RunPostgresToolAsync(tool, $"-h 127.0.0.1 -p {Port} -U postgres {arguments}");

    /// <summary>Stops the server and removes its folder now (the watcher would do it when this process ends).</summary>
    public void Stop()
    {
        NpgsqlConnection.ClearAllPools();
        StopCommandAsync().GetAwaiter().GetResult();
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    private string StopScript =>
        $"{(RunsAsRoot ? "runuser -u postgres -- " : string.Empty)}{Path.Combine(bin, "pg_ctl")} -D {Path.Combine(folder, "data")} -m {(kept ? "fast" : "immediate")} -s -w stop"
        + (kept ? string.Empty : $"; rm -rf {folder}");

    private Task StopCommandAsync() => RunAsync("sh", $"-c \"{StopScript} >/dev/null 2>&1; true\"");

    /// <summary>
    /// A detached watcher stops the server and removes the folder once this process is gone, however it ends:
    /// the test host may be killed without running any exit handler, and a server must never be left behind.
    /// </summary>
    private void WatchOwner() =>
        Process.Start(new ProcessStartInfo("setsid", $"sh -c \"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId}; do sleep 1; done; {StopScript}\"")
        {
            UseShellExecute = false,
        })?.Dispose();

    /// <summary>The template is migrated once, through the app's own start-up path.</summary>
    private async Task CreateTemplateAsync()
    {
        await AdminAsync($"CREATE DATABASE {Template}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseRegistration.ProviderKey] = nameof(DatabaseProvider.PostgreSql),
            ["ConnectionStrings:" + DatabaseRegistration.ConnectionStringName] = ConnectionString(Template),
        }).Build();
        await using (var services = new ServiceCollection().AddLogging().AddMediathequeCore(configuration).BuildServiceProvider())
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        // A template must have no open connection to be copied.
        NpgsqlConnection.ClearAllPools();
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task RunPostgresToolAsync(string tool, string arguments) =>
        RunsAsRoot
            ? RunAsync("runuser", $"-u postgres -- {Path.Combine(bin, tool)} {arguments}")
            : RunAsync(Path.Combine(bin, tool), arguments);

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Cannot start {file}.");
        // pg_ctl leaves the server running with our pipes closed (its output goes to server.log), so reading to the end returns.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    /// <summary>Debian's server binaries (package « postgresql »), the newest version installed.</summary>
    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException("PostgreSQL's server is not installed: apt-get install postgresql (.ci/run does it).");
    }

    /// <summary>Clusters left by a test run that was killed: their owner process is gone.</summary>
    private static void RemoveAbandonedClusters()
    {
        foreach (var old in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var ownerFile = Path.Combine(old, "owner");
            if (File.Exists(ownerFile) && int.TryParse(File.ReadAllText(ownerFile), out var owner) && IsAlive(owner))
            {
                continue;
            }

            new PostgreSqlServer(FindBinaries(), old, 0).StopCommandAsync().GetAwaiter().GetResult();
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
