using System.Diagnostics;
using System.Globalization;
using Mediatheque.Core;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issue 4: the grid's query (a page of 50 and the total count) on 100,000 users in 2,000 groups,
/// through the real <see cref="UserFinder"/> on a migrated SQLite file.
/// </summary>
public static class GridBenchmark
{
    private const int Classes = 1_600;
    private const int OtherGroups = 200;
    private const int Options = 190;
    private static readonly string[] Levels = ["CP", "CE1", "CE2", "CM1", "CM2", "6e", "5e", "4e", "3e", "2nde"];

    private static readonly string[] LastNames =
    [
        "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU", "SIMON",
        "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD",
        "ANDRÉ", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ", "LEGRAND", "GARNIER", "FAURE", "ROUSSEAU",
        "BLANC", "GUÉRIN", "MULLER", "HENRY", "ROUSSEL", "NICOLAS", "PERRIN", "MORIN", "MATHIEU", "CLÉMENT", "GAUTHIER",
        "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER", "ROBIN", "MASSON", "SANCHEZ", "GÉRARD", "NGUYEN", "BOYER", "DENIS",
        "LEMAIRE", "DUVAL", "JOLY", "GAUTIER", "ROGER", "ROCHE", "ROY", "NOËL", "MEYER", "LUCAS", "MEUNIER", "JEAN",
        "PÉREZ", "MARCHAND", "DUFOUR", "BLANCHARD", "MARIE", "BARBIER", "BRUN", "DUMAS", "BRUNET", "SCHMITT", "LEROUX",
        "COLIN", "FERNANDEZ", "PIERRE", "RENARD", "ARNAUD", "ROLLAND", "CARON", "AUBERT", "GIRAUD", "LECLERC", "VIDAL",
        "BOURGEOIS", "RENAUD", "LEMOINE", "PICARD", "GAILLARD", "PHILIPPE", "LECLERCQ", "LACROIX", "FABRE", "DUPUIS",
        "OLIVIER", "RODRIGUEZ", "DA SILVA", "HUBERT", "LOUIS", "CHARLES", "GUILLOT", "RIVIÈRE", "LE GALL", "GUILLAUME",
        "ADAM", "ROY", "MOULIN", "BERGER", "LECOMTE", "FLEURY", "N'DIAYE", "PRÉVOST", "CARRÉ", "BESSON", "PAQUAY",
    ];

    private static readonly string[] FirstNames =
    [
        "Éloïse", "Zoé", "Noémie", "Chloé", "Jérôme", "Anaïs", "Maël", "Léa", "Inès", "Hélène", "Gaëlle", "Loïc",
        "Raphaël", "Maëlys", "Léo", "Jules", "Louise", "Gabriel", "Ambre", "Hugo", "Arthur", "Emma", "Lucas", "Chloë",
        "Théo", "Manon", "Nathan", "Camille", "Enzo", "Léna", "Mathéo", "Clémence", "Noé", "Lou", "Adèle", "Timéo",
        "Océane", "Sacha", "Agathe", "Éthan", "Joséphine", "Bérénice", "Aurélien", "Célia", "Mélissa", "Yanis", "Aïcha",
        "Ibrahim", "Marion", "Paul", "Alice", "Tom", "Lina", "Nolan", "Rose", "Adam", "Jade", "Mia", "Axel", "Iris",
        "Victor", "Juliette", "Martin", "Margaux", "Antoine", "Capucine", "Baptiste", "Élise", "Côme", "Pénélope",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var users = IntArg(args, "--users", 100_000);
        var path = Path.Combine(Path.GetTempPath(), $"mediatheque-grid-bench-{users}.db");
        var keep = args.Contains("--keep");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Mediatheque"] = $"Data Source={path}",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddMediathequeCore(configuration).BuildServiceProvider();

        if (!keep || !File.Exists(path))
        {
            DeleteDatabase(path);
            var watch = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            }

            await GenerateAsync(path, users);
            await using (var scope = services.CreateAsyncScope())
            {
                // As the app does at start-up: the planner's statistics (PRAGMA optimize).
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            }
            Console.WriteLine($"Generated {users:N0} users in {Classes + Levels.Length + OtherGroups + Options:N0} groups into {path} in {watch.Elapsed.TotalSeconds:F1} s.");
        }

        await using var runScope = services.CreateAsyncScope();
        var finder = runScope.ServiceProvider.GetRequiredService<UserFinder>();
        var facts = await FactsAsync(path);
        var admin = facts.AdminId;
        UserQuery Page(UserQuery q) => q with { PageSize = 50 };

        var cases = new (string Name, int Actor, UserQuery Query)[]
        {
            ("no filter", admin, Page(new UserQuery())),
            ("search, 1 letter « m »", admin, Page(new UserQuery { Search = "m" })),
            ("search, 3 letters « mar »", admin, Page(new UserQuery { Search = "mar" })),
            ($"search, full name « {facts.FullName} »", admin, Page(new UserQuery { Search = facts.FullName })),
            ($"search, Id National « {facts.NationalId} »", admin, Page(new UserQuery { Search = facts.NationalId })),
            ($"class filter « {facts.ClassName} »", admin, Page(new UserQuery { Classe = facts.ClassName })),
            ("search « mar » + class filter", admin, Page(new UserQuery { Search = "mar", Classe = facts.ClassName })),
            ("deactivated only", admin, Page(new UserQuery { DeactivatedOnly = true })),
            ("teacher (own class), no filter", facts.TeacherId, Page(new UserQuery())),
            ("teacher (own class), search « ma »", facts.TeacherId, Page(new UserQuery { Search = "ma" })),
            ("extra: level filter « CM1 »", admin, Page(new UserQuery { Niveau = "CM1" })),
            ("extra: sorted by Id National, descending", admin, Page(new UserQuery { Sort = UserSort.NationalId, Descending = true })),
            ("extra: profil ADMINISTRATEUR", admin, Page(new UserQuery { Profil = Profil.Administrateur })),
            ("extra: page 20 of « m »", admin, Page(new UserQuery { Search = "m", Page = 20 })),
        };

        var results = new List<Timing.Result>();
        foreach (var (name, actor, query) in cases)
        {
            results.Add(await Timing.MeasureAsync(name, async () =>
            {
                var page = await finder.SearchAsync(actor, query);
                return $"{page.Rows.Count} rows of {page.Total.ToString("N0", CultureInfo.InvariantCulture)}";
            }));
        }

        Console.WriteLine($"{Environment.ProcessorCount} cores, {users:N0} users; each case: 10 warm-up runs, then 200 timed runs of SearchAsync (page of 50 + total count).");
        Timing.Print(results);
        if (!keep)
        {
            DeleteDatabase(path);
        }

        return 0;
    }

    /// <summary>Plain INSERTs in one transaction (the FTS triggers fire as in production); no BCrypt: nobody signs in.</summary>
    private static async Task GenerateAsync(string path, int userCount)
    {
        var random = new Random(4);
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // One big transaction: with SQLite's default 2 MB page cache, the FTS5 and index pages spill to the
            // WAL and are read back over and over (minutes instead of seconds).
            pragma.CommandText = "PRAGMA cache_size = -262144;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();

        var groupIds = new Dictionary<(GroupType, int), long>();
        await using (var insertGroup = connection.CreateCommand())
        {
            insertGroup.CommandText = "INSERT INTO Groups (Name, Type) VALUES ($name, $type) RETURNING Id";
            var name = insertGroup.Parameters.Add("$name", SqliteType.Text);
            var type = insertGroup.Parameters.Add("$type", SqliteType.Integer);
            async Task AddGroups(GroupType groupType, int count, Func<int, string> naming)
            {
                for (var i = 0; i < count; i++)
                {
                    name.Value = naming(i);
                    type.Value = (int)groupType;
                    groupIds[(groupType, i)] = (long)(await insertGroup.ExecuteScalarAsync())!;
                }
            }

            await AddGroups(GroupType.Classe, Classes, i => $"{(i % 2 == 0 ? "Mme" : "M.")} {LastNames[i % LastNames.Length]} {i / LastNames.Length + 1}");
            await AddGroups(GroupType.Niveau, Levels.Length, i => Levels[i]);
            await AddGroups(GroupType.Groupe, OtherGroups, i => $"Groupe {i + 1}");
            await AddGroups(GroupType.Option, Options, i => $"Option {i + 1}");
        }

        await using var insertUser = connection.CreateCommand();
        insertUser.CommandText = """
            INSERT INTO Users (Nom, Prenom, Profil, Login, NationalId, SchoolId, IsActive, Source, MustChangePassword,
                CreatedAt, UpdatedAt, FailedSignInCount, SecurityStamp, Version, SearchKey, SortKey, PrenomSortKey)
            VALUES ($nom, $prenom, $profil, $login, $national, $school, $active, 0, 0,
                '2026-09-01 08:00:00', '2026-09-01 08:00:00', 0, $stamp, 0, $search, $sort, $prenomSort)
            RETURNING Id
            """;
        var p = new[] { "$nom", "$prenom", "$profil", "$login", "$national", "$school", "$active", "$stamp", "$search", "$sort", "$prenomSort" }
            .ToDictionary(n => n, n => insertUser.Parameters.Add(n, SqliteType.Text));
        await using var insertMembership = connection.CreateCommand();
        insertMembership.CommandText = "INSERT INTO Memberships (UserId, GroupId) VALUES ($user, $group)";
        var memberUser = insertMembership.Parameters.Add("$user", SqliteType.Integer);
        var memberGroup = insertMembership.Parameters.Add("$group", SqliteType.Integer);

        var staff = Classes + 400;
        for (var n = 0; n < userCount; n++)
        {
            // First a teacher per class, then 300 secondary administrators and 100 administrators, then the pupils.
            var profil = n < Classes ? Profil.Enseignant : n < Classes + 300 ? Profil.AdministrateurSecondaire : n < staff ? Profil.Administrateur : Profil.Eleve;
            var user = new User
            {
                Nom = LastNames[random.Next(LastNames.Length)],
                Prenom = FirstNames[random.Next(FirstNames.Length)],
                Profil = profil,
            };
            user.Login = LoginGenerator.Base(user.Nom, user.Prenom) + n.ToString(CultureInfo.InvariantCulture);
            if (profil == Profil.Eleve)
            {
                user.NationalId = $"{100_000_000 + n * 7:D10}{(char)('A' + n % 26)}";
                user.SchoolId = $"E{n / 1000:D3}-{n % 1000:D3}";
                user.IsActive = n % 20 != 3;
            }

            p["$nom"].Value = user.Nom;
            p["$prenom"].Value = user.Prenom;
            p["$profil"].Value = (int)user.Profil;
            p["$login"].Value = user.Login;
            p["$national"].Value = (object?)user.NationalId ?? DBNull.Value;
            p["$school"].Value = (object?)user.SchoolId ?? DBNull.Value;
            p["$active"].Value = user.IsActive ? 1 : 0;
            p["$stamp"].Value = user.SecurityStamp;
            p["$search"].Value = user.SearchKey;
            p["$sort"].Value = user.SortKey;
            p["$prenomSort"].Value = user.PrenomSortKey;
            var id = (long)(await insertUser.ExecuteScalarAsync())!;

            async Task Join(GroupType type, int index)
            {
                memberUser.Value = id;
                memberGroup.Value = groupIds[(type, index)];
                await insertMembership.ExecuteNonQueryAsync();
            }

            if (profil == Profil.Enseignant)
            {
                await Join(GroupType.Classe, n);
            }
            else if (profil == Profil.Eleve)
            {
                var classIndex = (n - staff) % Classes;
                await Join(GroupType.Classe, classIndex);
                await Join(GroupType.Niveau, classIndex % Levels.Length);
                if (random.Next(10) < 3)
                {
                    await Join(GroupType.Option, random.Next(Options));
                }

                if (random.Next(100) < 15)
                {
                    await Join(GroupType.Groupe, random.Next(OtherGroups));
                }
            }
        }

        await transaction.CommitAsync();
    }

    private sealed record Facts(int AdminId, int TeacherId, string ClassName, string FullName, string NationalId);

    /// <summary>Real values to search for: an administrator, the first class and its teacher, a pupil in the middle.</summary>
    private static async Task<Facts> FactsAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        async Task<T> Scalar<T>(string sql) where T : notnull
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
        }

        return new Facts(
            await Scalar<int>("SELECT Id FROM Users WHERE Profil = 3 ORDER BY Id LIMIT 1"),
            await Scalar<int>("SELECT Id FROM Users WHERE Profil = 1 ORDER BY Id LIMIT 1"),
            await Scalar<string>("SELECT Name FROM Groups WHERE Type = 0 ORDER BY Id LIMIT 1"),
            await Scalar<string>("SELECT Prenom || ' ' || Nom FROM Users WHERE Profil = 0 AND IsActive ORDER BY Id LIMIT 1 OFFSET 50000"),
            await Scalar<string>("SELECT NationalId FROM Users WHERE Profil = 0 AND IsActive ORDER BY Id LIMIT 1 OFFSET 60000"));
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
