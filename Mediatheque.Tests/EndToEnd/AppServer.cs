using Mediatheque.Core.Demo;
using Mediatheque.Core.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 on a free port, in Development (so the demo school is seeded)
/// with its own temporary SQLite file, or its own database on the test run's PostgreSQL server
/// (<see cref="PostgreSqlAppServer"/>). One per test class: classes never see each other's changes.
/// </summary>
public class AppServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"mediatheque-e2e-{Guid.NewGuid():N}.db");
    private PostgreSqlServer? postgreSql;
    private string? postgreSqlDatabase;

    // A port from LoopbackPort, not 0: the system could otherwise give this server a port already promised to a fixture
    // that has not started listening yet (nginx chooses its ports before its nodes start).
    public AppServer() => UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, LoopbackPort.Free()));

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Where the app's backups go (a rentrée takes one first): a folder of this server's own, removed with it.</summary>
    public string BackupFolder { get; } = Path.Combine(Path.GetTempPath(), $"mediatheque-e2e-backups-{Guid.NewGuid():N}");

    /// <summary>Extra configuration for a test class (e.g. a lower rate limit).</summary>
    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>The database the app runs on.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public virtual async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            postgreSql = await PostgreSqlServer.SharedAsync();
            postgreSqlDatabase = await postgreSql.CreateDatabaseAsync();
        }

        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    /// <summary>A context working in the demo's Jules-Ferry, where the tests' users are (as a school's operation does).</summary>
    public MediathequeDbContext CreateDbContext() => CreateDbContext(DemoSchool.JulesFerryUai);

    /// <summary>A context working in the demo school of this UAI.</summary>
    public MediathequeDbContext CreateDbContext(string uai)
    {
        var db = Services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext();
        db.EnterSchool(db.Schools.Where(s => s.Uai == uai).Select(s => s.Id).Single());
        return db;
    }

    /// <summary>The id of the demo school of this UAI: its pages are « /ecoles/{id}/… ».</summary>
    public async Task<int> SchoolIdAsync(string uai)
    {
        await using var db = Services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext();
        return await db.Schools.Where(s => s.Uai == uai).Select(s => s.Id).SingleAsync();
    }

    /// <summary>The id of the user of this login in Jules-Ferry (or in the school of <paramref name="uai"/>).</summary>
    public async Task<int> IdOfAsync(string login, string uai = DemoSchool.JulesFerryUai)
    {
        await using var db = CreateDbContext(uai);
        return await db.Users.Where(u => u.Login == login).Select(u => u.Id).SingleAsync();
    }

    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(DatabaseRegistration.ProviderKey, Provider.ToString());
        builder.UseSetting("ConnectionStrings:Mediatheque",
            postgreSql is null ? $"Data Source={databasePath}" : postgreSql.ConnectionString(postgreSqlDatabase!));
        builder.UseSetting("Mediatheque:Passwords:WorkFactor", "4");
        builder.UseSetting("Mediatheque:Backups:Folder", BackupFolder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (Directory.Exists(BackupFolder))
        {
            Directory.Delete(BackupFolder, recursive: true);
        }

        if (postgreSql is not null)
        {
            await postgreSql.DropDatabaseAsync(postgreSqlDatabase!);
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>The same app on PostgreSQL: a fresh database on the test run's server, seeded at start-up like SQLite's.</summary>
public sealed class PostgreSqlAppServer : AppServer
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
