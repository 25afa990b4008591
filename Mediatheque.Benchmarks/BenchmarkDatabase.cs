using System.Globalization;
using Mediatheque.Core;
using Mediatheque.Core.Persistence;
using Mediatheque.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// A migrated, empty database with the Core services wired the production way: a temporary SQLite file, or a
/// fresh database on a PostgreSQL cluster of the benchmark's own (the tests' <see cref="PostgreSqlServer"/>, with
/// fsync on, since commits are part of what is measured), removed afterwards — or, with a kept name (the grid's
/// <c>--keep</c>), a file and a cluster folder under /tmp that outlive the run and that the next run reuses.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    /// <summary>One cluster for the whole run, stopped and removed when the process ends (its watcher does it).</summary>
    private static readonly Lazy<Task<PostgreSqlServer>> Server = new(() => PostgreSqlServer.StartAsync(durable: true));

    private static readonly Dictionary<string, Task<PostgreSqlServer>> KeptServers = [];

    private readonly string? path;
    private readonly PostgreSqlServer? server;
    private readonly string? postgreSqlDatabase;
    private readonly bool kept;

    private BenchmarkDatabase(
        DatabaseProvider provider, PostgreSqlServer? server, string? postgreSqlDatabase, string? path, int workFactor, bool kept,
        IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? configure)
    {
        Provider = provider;
        this.kept = kept;
        this.server = server;
        this.postgreSqlDatabase = postgreSqlDatabase;
        this.path = path;
        var connectionString = server is null ? $"Data Source={path}" : server.ConnectionString(postgreSqlDatabase!);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseRegistration.ProviderKey] = provider.ToString(),
            ["ConnectionStrings:Mediatheque"] = connectionString,
            ["Mediatheque:Passwords:WorkFactor"] = workFactor.ToString(CultureInfo.InvariantCulture),
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddLogging().AddMediathequeCore(configuration);
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    public DatabaseProvider Provider { get; }

    public ServiceProvider Services { get; }

    /// <param name="settings">More configuration (a directory to synchronise with).</param>
    /// <param name="keptName">
    /// Null: a fresh database, removed at the end. Else the name of a database kept between runs (SQLite: /tmp/NAME.db;
    /// PostgreSQL: database NAME in the cluster /tmp/NAME-pg), reused as it is when it exists.
    /// </param>
    /// <param name="configure">More services, e.g. an interceptor that explains queries.</param>
    public static async Task<BenchmarkDatabase> CreateAsync(
        DatabaseProvider provider, int workFactor = 11, IReadOnlyDictionary<string, string?>? settings = null,
        string? keptName = null, Action<IServiceCollection>? configure = null)
    {
        BenchmarkDatabase database;
        if (provider == DatabaseProvider.PostgreSql && keptName is not null)
        {
            var server = await KeptServer(keptName);
            var name = keptName.Replace('-', '_');
            if (!await server.HasDatabaseAsync(name))
            {
                await server.CreateDatabaseAsync(name);
            }

            database = new BenchmarkDatabase(provider, server, name, null, workFactor, kept: true, settings, configure);
        }
        else if (provider == DatabaseProvider.PostgreSql)
        {
            var server = await Server.Value;
            database = new BenchmarkDatabase(provider, server, await server.CreateDatabaseAsync(), null, workFactor, kept: false, settings, configure);
        }
        else
        {
            var path = Path.Combine(Path.GetTempPath(), keptName is null ? $"mediatheque-bench-{Guid.NewGuid():N}.db" : keptName + ".db");
            database = new BenchmarkDatabase(provider, null, null, path, workFactor, kept: keptName is not null, settings, configure);
        }

        await database.InitializeAsync();
        return database;
    }

    public IDbContextFactory<MediathequeDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>();

    /// <summary>
    /// After a bulk load, what a running installation has: the planner's statistics (the app's start-up) and, on
    /// PostgreSQL, the visibility map and a flushed GIN pending list (what autovacuum does within a minute).
    /// </summary>
    public async Task SettleAsync()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            await using var db = await Contexts.CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }

        await InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (kept)
        {
            return;
        }

        if (server is not null)
        {
            await server.DropDatabaseAsync(postgreSqlDatabase!);
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path!, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>The connection string of this database, for EXPLAIN by hand (psql, sqlite3).</summary>
    public string ConnectionString => server?.ConnectionString(postgreSqlDatabase!) ?? $"Data Source={path}";

    private static Task<PostgreSqlServer> KeptServer(string keptName)
    {
        lock (KeptServers)
        {
            if (!KeptServers.TryGetValue(keptName, out var server))
            {
                KeptServers[keptName] = server = PostgreSqlServer.StartAsync(durable: true, Path.Combine(Path.GetTempPath(), keptName + "-pg"));
            }

            return server;
        }
    }

    private async Task InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }
}
