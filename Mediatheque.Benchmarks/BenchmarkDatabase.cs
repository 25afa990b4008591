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
/// fsync on, since commits are part of what is measured), removed afterwards.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    /// <summary>One cluster for the whole run, stopped and removed when the process ends (its watcher does it).</summary>
    private static readonly Lazy<Task<PostgreSqlServer>> Server = new(() => PostgreSqlServer.StartAsync(durable: true));

    private readonly string? path;
    private readonly PostgreSqlServer? server;
    private readonly string? postgreSqlDatabase;

    private BenchmarkDatabase(
        DatabaseProvider provider, PostgreSqlServer? server, string? postgreSqlDatabase, string? path, int workFactor,
        IReadOnlyDictionary<string, string?>? settings)
    {
        Provider = provider;
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
        Services = new ServiceCollection().AddLogging().AddMediathequeCore(configuration).BuildServiceProvider();
    }

    public DatabaseProvider Provider { get; }

    public ServiceProvider Services { get; }

    /// <summary>A fresh database; <paramref name="settings"/> adds configuration (a directory to synchronise with).</summary>
    public static async Task<BenchmarkDatabase> CreateAsync(
        DatabaseProvider provider, int workFactor = 11, IReadOnlyDictionary<string, string?>? settings = null)
    {
        BenchmarkDatabase database;
        if (provider == DatabaseProvider.PostgreSql)
        {
            var server = await Server.Value;
            database = new BenchmarkDatabase(provider, server, await server.CreateDatabaseAsync(), null, workFactor, settings);
        }
        else
        {
            var path = Path.Combine(Path.GetTempPath(), $"mediatheque-bench-{Guid.NewGuid():N}.db");
            database = new BenchmarkDatabase(provider, null, null, path, workFactor, settings);
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

    private async Task InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }
}
