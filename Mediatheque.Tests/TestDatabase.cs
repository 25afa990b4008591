using Mediatheque.Core;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mediatheque.Tests;

/// <summary>
/// A real database, migrated like production, with the Core services wired the production way
/// (AddMediathequeCore): a temporary SQLite file, or a fresh database on the test run's own PostgreSQL server
/// (<see cref="PostgreSqlServer"/>). BCrypt's cost is lowered only to keep the suite fast.
/// <para>
/// Running a test class on both providers: make it abstract, take the provider in its constructor, pass it to
/// <see cref="CreateAsync(DatabaseProvider, IDictionary{string, string?}?, Action{IServiceCollection}?)"/>, and nest one concrete class per provider:
/// <code>
/// public abstract class SignInTests(DatabaseProvider provider) : IAsyncLifetime
/// {
///     public sealed class OnSqlite() : SignInTests(DatabaseProvider.Sqlite);
///     public sealed class OnPostgreSql() : SignInTests(DatabaseProvider.PostgreSql);
///
///     public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(provider);
/// }
/// </code>
/// Every test then runs twice, named <c>SignInTests+OnSqlite.…</c> and <c>SignInTests+OnPostgreSql.…</c>
/// (<c>dotnet test --filter FullyQualifiedName~OnPostgreSql</c> runs the PostgreSQL half).
/// </para>
/// <para>
/// Every database starts with one school, <see cref="SchoolId"/>: users are added to it unless a test names another
/// (<see cref="AddSchoolAsync"/>), and <see cref="CreateDbContext()"/> works in it, as a school's operation does.
/// </para>
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? path;
    private readonly PostgreSqlServer? server;
    private readonly string? postgreSqlDatabase;
    private readonly IDictionary<string, string?>? settings;
    private readonly Action<IServiceCollection>? configure;

    private TestDatabase(
        IDictionary<string, string?>? settings, Action<IServiceCollection>? configure, PostgreSqlServer? server, string? postgreSqlDatabase, bool readOnly = false)
    {
        this.settings = settings;
        this.configure = configure;
        this.server = server;
        this.postgreSqlDatabase = postgreSqlDatabase;
        Provider = server is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql;
        path = server is null ? Path.Combine(Path.GetTempPath(), $"mediatheque-test-{Guid.NewGuid():N}.db") : null;
        ConnectionString = server is null ? $"Data Source={path}" + (readOnly ? ";Mode=ReadOnly" : string.Empty) : server.ConnectionString(postgreSqlDatabase!);
        var values = new Dictionary<string, string?>
        {
            [DatabaseRegistration.ProviderKey] = Provider.ToString(),
            ["ConnectionStrings:Mediatheque"] = ConnectionString,
            ["Mediatheque:Passwords:WorkFactor"] = "4",
            // The backups a rentrée takes first (SQLite): a folder of this database's own, removed with it.
            ["Mediatheque:Backups:Folder"] = BackupFolder,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMediathequeCore(Configuration);
        services.AddSingleton<TimeProvider>(Clock);
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    /// <summary>The test run's migrated SQLite file, copied for each database; removed when the run ends.</summary>
    private static readonly Lazy<Task<string>> SqliteTemplate = new(CreateSqliteTemplateAsync);

    private static async Task<string> CreateSqliteTemplateAsync()
    {
        var template = Path.Combine(Path.GetTempPath(), $"mediatheque-test-template-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Mediatheque"] = $"Data Source={template}",
        }).Build();
        await using (var services = new ServiceCollection().AddLogging().AddMediathequeCore(configuration).BuildServiceProvider())
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            await using var db = services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext();
            // Everything in the file itself, nothing left in its write-ahead log: a copy is then the whole database.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var file in new[] { template, template + "-wal", template + "-shm" })
            {
                File.Delete(file);
            }
        };
        return template;
    }

    /// <summary>Where this database's backups go (<see cref="Core.Backups.DatabaseBackup"/>).</summary>
    public string BackupFolder { get; } = Path.Combine(Path.GetTempPath(), $"mediatheque-test-backups-{Guid.NewGuid():N}");

    /// <summary>The services' clock: tests move it forward to see lockouts expire.</summary>
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 9, 1, 8, 30, 0, TimeSpan.Zero));

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public IConfiguration Configuration { get; }

    public ServiceProvider Services { get; }

    /// <summary>The school users are added to and contexts work in by default: the one every database starts with, unless a test chooses another.</summary>
    public int SchoolId { get; set; }

    /// <summary>The id of the school of this UAI (the demo's, say).</summary>
    public async Task<int> SchoolIdOfAsync(string uai)
    {
        await using var db = Services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext();
        return await db.Schools.Where(s => s.Uai == uai).Select(s => s.Id).SingleAsync();
    }

    /// <summary>
    /// A migrated, empty SQLite database; settings override configuration keys (e.g. "Mediatheque:Annuaire:Enabled"),
    /// <paramref name="configure"/> adds to the services (e.g. an EF interceptor through ConfigureDbContext).
    /// </summary>
    public static Task<TestDatabase> CreateAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        CreateAsync(DatabaseProvider.Sqlite, settings, configure);

    /// <summary>A migrated, empty database on this provider; settings and <paramref name="configure"/> as above.</summary>
    public static async Task<TestDatabase> CreateAsync(
        DatabaseProvider provider, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var server = provider == DatabaseProvider.PostgreSql ? await PostgreSqlServer.SharedAsync() : null;
        var database = new TestDatabase(settings, configure, server, server is null ? null : await server.CreateDatabaseAsync());
        if (server is null)
        {
            // A copy of one migrated file, as PostgreSQL's databases are copies of one migrated template: the start-up
            // below then finds nothing to migrate.
            File.Copy(await SqliteTemplate.Value, database.path!);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        // The school a test's settings name (as a database from before schools is named from them), else « École de test ».
        var name = settings?.TryGetValue("Mediatheque:SchoolName", out var configured) == true && configured is { Length: > 0 } ? configured : "École de test";
        database.SchoolId = await database.AddSchoolAsync(name, "0000001A");
        return database;
    }

    /// <summary>
    /// Another database holding what this one holds now, with the same settings, services and first school: a copy of the
    /// SQLite file, or a PostgreSQL database made with this one as its template. A test class builds a costly world once
    /// and each test works on a copy of it, as every database here is a copy of one migrated template. Nothing may be
    /// using this database meanwhile: PostgreSQL copies a template no one is connected to, so its pooled connections are
    /// closed first. A <paramref name="readOnly"/> copy refuses every write (SQLite's read-only mode, PostgreSQL's
    /// read-only transactions): tests that only read can share it.
    /// </summary>
    public async Task<TestDatabase> CopyAsync(bool readOnly = false)
    {
        await using (var db = CreateUnscopedDbContext())
        {
            if (server is null)
            {
                // Everything in the file itself, nothing left in its write-ahead log: a copy is then the whole database.
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            }
            else
            {
                NpgsqlConnection.ClearPool((NpgsqlConnection)db.Database.GetDbConnection());
            }
        }

        var name = server is null ? null : await server.CreateDatabaseAsync(template: postgreSqlDatabase, readOnly: readOnly);
        var copy = new TestDatabase(settings, configure, server, name, readOnly) { SchoolId = SchoolId };
        if (server is null)
        {
            File.Copy(path!, copy.path!);
        }

        return copy;
    }

    /// <summary>
    /// A database of an older version: migrated up to the migration before <paramref name="migration"/> (« Schools »), with
    /// no school and no start-up run on it yet. The test writes what that version would have, then <see cref="StartAsync"/>.
    /// </summary>
    public static async Task<TestDatabase> CreateBeforeAsync(
        DatabaseProvider provider, string migration, IDictionary<string, string?>? settings = null)
    {
        var server = provider == DatabaseProvider.PostgreSql ? await PostgreSqlServer.SharedAsync() : null;
        var database = new TestDatabase(settings, null, server, server is null ? null : await server.CreateEmptyDatabaseAsync());
        await using var db = database.Services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext();
        var all = db.Database.GetMigrations().ToList();
        var before = all[all.FindIndex(m => m.EndsWith("_" + migration, StringComparison.Ordinal)) - 1];
        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
        return database;
    }

    /// <summary>The app's start-up on this database: its migrations, then the naming of a school it made (DatabaseInitializer).</summary>
    public async Task StartAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    /// <summary>A context that entered no school: what the app's start-up and sign-in see.</summary>
    public MediathequeDbContext CreateUnscopedDbContext() =>
        Services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext();

    /// <summary>Another school of the deployment; returns its id.</summary>
    public async Task<int> AddSchoolAsync(string name, string? uai = null, TeacherScope teacherScope = TeacherScope.OwnGroups)
    {
        await using var db = Services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext();
        var school = new School { Name = name, Uai = uai, TeacherScope = teacherScope, CreatedAt = DateTime.UtcNow };
        db.Schools.Add(school);
        await db.SaveChangesAsync();
        return school.Id;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>What an import or a refused apply may have written in this school: « nothing written » compares two of these.</summary>
    public async Task<(int Users, int Groups, int Memberships, int Audit)> CountsAsync()
    {
        await using var db = CreateDbContext();
        return (await db.Users.CountAsync(), await db.Groups.CountAsync(), await db.Memberships.CountAsync(), await db.AuditEntries.CountAsync());
    }

    /// <summary>A context working in the database's first school, as a school's operation does (its users, groups, journal).</summary>
    public MediathequeDbContext CreateDbContext() => CreateDbContext(SchoolId);

    /// <summary>A context working in this school.</summary>
    public MediathequeDbContext CreateDbContext(int schoolId)
    {
        var db = Services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext();
        db.EnterSchool(schoolId);
        return db;
    }

    /// <summary>Adds a user (and the groups named, created when missing) with a login of their own, and returns it as saved.</summary>
    public Task<User> AddUserAsync(
        string nom, string prenom, Profil profil = Profil.Eleve, string? login = null, string? password = null,
        UserSource source = UserSource.Local, bool active = true, params (GroupType Type, string Name)[] groups) =>
        AddUserToAsync(SchoolId, nom, prenom, profil, login, password, source, active, groups);

    /// <summary>Adds a user to this school, as <see cref="AddUserAsync"/> does to the first one.</summary>
    public async Task<User> AddUserToAsync(
        int schoolId, string nom, string prenom, Profil profil = Profil.Eleve, string? login = null, string? password = null,
        UserSource source = UserSource.Local, bool active = true, params (GroupType Type, string Name)[] groups)
    {
        login ??= LoginGenerator.Base(nom, prenom) + Guid.NewGuid().ToString("N")[..6];
        var account = new Account
        {
            Login = login,
            PasswordHash = password is null ? null : Get<PasswordHasher>().Hash(password),
            CreatedAt = DateTime.UtcNow,
        };
        return await AddRowAsync(schoolId, account, nom, prenom, profil, login, source, active, groups);
    }

    /// <summary>
    /// The same person in another school (one login, one password): a row of <paramref name="schoolId"/> for the account
    /// of <paramref name="person"/>, with its own profile and groups there.
    /// </summary>
    public async Task<User> AddToSchoolAsync(
        User person, int schoolId, Profil profil, bool active = true, params (GroupType Type, string Name)[] groups)
    {
        await using var db = CreateDbContext(schoolId);
        var account = await db.Accounts.SingleAsync(a => a.Id == person.AccountId);
        return await AddRowAsync(schoolId, account, person.Nom, person.Prenom, profil, account.Login, person.Source, active, groups, db);
    }

    public async Task<User> FindUserAsync(string login) => await FindUserAsync(login, SchoolId);

    /// <summary>The person's row in this school, with their account.</summary>
    public async Task<User> FindUserAsync(string login, int schoolId)
    {
        await using var db = CreateDbContext(schoolId);
        return await db.Users.AsNoTracking().Include(u => u.Account).SingleAsync(u => u.Login == login);
    }

    private async Task<User> AddRowAsync(
        int schoolId, Account account, string nom, string prenom, Profil profil, string login, UserSource source, bool active,
        (GroupType Type, string Name)[] groups, MediathequeDbContext? context = null)
    {
        await using var owned = context is null ? CreateDbContext(schoolId) : null;
        var db = context ?? owned!;
        var user = new User
        {
            SchoolId = schoolId,
            Account = account,
            Nom = nom,
            Prenom = prenom,
            Profil = profil,
            Login = login,
            Source = source,
            IsActive = active,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        foreach (var (type, name) in groups)
        {
            var group = await db.Groups.SingleOrDefaultAsync(g => g.Type == type && g.Name == name)
                ?? db.Groups.Add(new Group { SchoolId = schoolId, Name = name, Type = type }).Entity;
            user.Memberships.Add(new GroupMembership { User = user, Group = group });
        }

        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (Directory.Exists(BackupFolder))
        {
            Directory.Delete(BackupFolder, recursive: true);
        }

        if (server is not null)
        {
            await server.DropDatabaseAsync(postgreSqlDatabase!);
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file!);
        }
    }
}
