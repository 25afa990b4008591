using System.Diagnostics;
using System.Globalization;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issues 4, 9 and 20: the grid's query (a page of 50 and the total count) on 100,000 users spread over 40 schools (an administrator of one of 2,500 users asks),
/// through the real <see cref="UserFinder"/>, on a migrated SQLite file and on a private PostgreSQL server
/// in the same run, side by side. The same generated school goes into both; each case's result must be the
/// same on both (the search means the same), else the run says so and fails.
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
        var users = BenchmarkArgs.Option(args, "--users", 100_000);
        var schoolCount = BenchmarkArgs.Option(args, "--schools", 40);
        var providers = args.Contains("--sqlite-only") ? [DatabaseProvider.Sqlite]
            : args.Contains("--postgresql-only") ? [DatabaseProvider.PostgreSql]
            : new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };
        Console.WriteLine($"{Environment.ProcessorCount} cores, {users:N0} users in {schoolCount} schools (the cases: an administrator of one of {users / schoolCount:N0} users); load average before: {BenchmarkArgs.LoadAverage()}");

        var results = new Dictionary<DatabaseProvider, List<Timing.Result>>();
        // --keep: the generated school stays (/tmp/mediatheque-grid-bench-N.db, cluster /tmp/mediatheque-grid-bench-N-pg)
        // and the next --keep run measures it again without generating it.
        var keptName = args.Contains("--keep") ? $"mediatheque-grid-bench-{users}-{schoolCount}" : null;
        // --explain: each case once, with the plan of every query it sends, instead of the timings.
        var plans = args.Contains("--explain") ? new QueryPlans() : null;
        foreach (var provider in providers)
        {
            await using var database = await BenchmarkDatabase.CreateAsync(
                provider, keptName: keptName, configure: plans is null ? null : QueryPlans.Install(plans));
            if (await HasUsersAsync(database))
            {
                Console.WriteLine($"{provider}: reusing the kept school ({database.ConnectionString}).");
            }
            else
            {
                var watch = Stopwatch.StartNew();
                await GenerateAsync(database.Services, users, schoolCount);
                // As the app does at start-up (statistics), and as autovacuum would soon on PostgreSQL (visibility map).
                await database.SettleAsync();
                Console.WriteLine($"{provider}: generated {users:N0} users in {schoolCount} schools in {watch.Elapsed.TotalSeconds:F1} s"
                    + (keptName is null ? "." : $", kept ({database.ConnectionString})."));
            }

            results[provider] = await MeasureAsync(database.Services, plans);
        }

        if (plans is not null)
        {
            return 0;
        }

        Console.WriteLine("Each case: 10 warm-up runs, then 200 timed runs of SearchAsync (page of 50 + total count).");
        Console.WriteLine($"Load average after: {BenchmarkArgs.LoadAverage()}");
        return Print(providers, results);
    }

    private static async Task<List<Timing.Result>> MeasureAsync(IServiceProvider services, QueryPlans? plans)
    {
        await using var runScope = services.CreateAsyncScope();
        var finder = runScope.ServiceProvider.GetRequiredService<UserFinder>();
        var facts = await FactsAsync(services);
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
            ("level filter « CM1 »", admin, Page(new UserQuery { Niveau = "CM1" })),
            ("extra: sorted by Id National, descending", admin, Page(new UserQuery { Sort = UserSort.NationalId, Descending = true })),
            ("extra: profil ADMINISTRATEUR", admin, Page(new UserQuery { Profil = Profil.Administrateur })),
            ("extra: page 10 of « m »", admin, Page(new UserQuery { Search = "m", Page = 10 })),
        };

        var results = new List<Timing.Result>();
        foreach (var (name, actor, query) in cases)
        {
            if (plans is not null)
            {
                await finder.SearchAsync(actor, query);
                plans.Enabled = true;
                var page = await finder.SearchAsync(actor, query);
                plans.Enabled = false;
                Console.WriteLine($"## {name}: {page.Rows.Count} of {page.Total:N0}");
                Console.WriteLine(plans.Take());
                continue;
            }

            results.Add(await Timing.MeasureAsync(name, async () =>
            {
                var page = await finder.SearchAsync(actor, query);
                return $"{page.Rows.Count} of {page.Total.ToString("N0", CultureInfo.InvariantCulture)}: "
                    + string.Join(",", page.Rows.Take(3).Select(r => r.Login));
            }));
        }

        return results;
    }

    /// <summary>One table, the providers side by side; a case whose rows differ between them fails the run.</summary>
    private static int Print(IReadOnlyList<DatabaseProvider> providers, Dictionary<DatabaseProvider, List<Timing.Result>> results)
    {
        var first = results[providers[0]];
        var header = string.Join(" | ", providers.Select(p => $"{p} median | {p} p95"));
        Console.WriteLine($"| case | {header} |{(providers.Count == 2 ? " PG/SQLite median | PG/SQLite p95 |" : string.Empty)} rows |");
        Console.WriteLine($"|---|{string.Concat(providers.Select(_ => "---:|---:|"))}{(providers.Count == 2 ? "---:|---:|" : string.Empty)}---|");
        var differ = 0;
        for (var i = 0; i < first.Count; i++)
        {
            var row = providers.Select(p => results[p][i]).ToList();
            var cells = string.Join(" | ", row.Select(r => $"{r.MedianMs:F2} | {r.P95Ms:F2}"));
            var ratio = row.Count == 2 ? $" {row[1].MedianMs / row[0].MedianMs:F2} | {row[1].P95Ms / row[0].P95Ms:F2} |" : string.Empty;
            var rows = row[0].Detail.Split(':')[0];
            if (row.Any(r => r.Detail != row[0].Detail))
            {
                differ++;
                rows += " — DIFFERENT: " + string.Join(" / ", row.Select(r => r.Detail));
            }

            Console.WriteLine($"| {first[i].Case} | {cells} |{ratio} {rows} |");
        }

        return differ == 0 ? 0 : 1;
    }

    /// <summary>
    /// The deployment built as entities and written by the engine's own bulk insert (SQLite: prepared inserts through
    /// the FTS5/counter triggers; PostgreSQL: binary COPY through the statement triggers), in one transaction: the
    /// users spread evenly over <paramref name="schoolCount"/> schools (issue 20: 100,000 over 40, 2,500 a school),
    /// each school with its own classes, levels, groups and options, teachers, administrators and pupils, and each
    /// person their own account. No BCrypt: nobody signs in.
    /// </summary>
    internal static async Task GenerateAsync(IServiceProvider services, int userCount, int schoolCount)
    {
        var random = new Random(4);
        var created = new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc);
        var schools = Enumerable.Range(0, schoolCount)
            .Select(i => new School { Name = $"École {i + 1}", Uai = $"{9_800_000 + i:D7}S", CreatedAt = created }).ToList();
        var perSchool = userCount / schoolCount;
        var (classes, otherGroups, options) = (Classes / schoolCount, Math.Max(1, OtherGroups / schoolCount), Math.Max(1, Options / schoolCount));
        var (secondaires, administrators) = (Math.Max(1, 300 / schoolCount), Math.Max(1, 100 / schoolCount));
        var staff = classes + secondaires + administrators;

        var engine = services.GetRequiredService<IDatabaseEngine>();
        await using var db = await services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContextAsync();
        if (engine.Provider == DatabaseProvider.Sqlite)
        {
            // One big transaction: with SQLite's default 2 MB page cache, the FTS5 and index pages spill to the
            // WAL and are read back over and over (minutes instead of seconds).
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144;");
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        await engine.BulkInsertAsync(db, schools, CancellationToken.None);

        var groups = new Dictionary<(int, GroupType, int), Group>();
        var people = new List<User>(userCount);
        var memberships = new List<GroupMembership>();
        for (var s = 0; s < schoolCount; s++)
        {
            var school = schools[s];
            void AddGroups(GroupType groupType, int count, Func<int, string> naming)
            {
                for (var i = 0; i < count; i++)
                {
                    groups[(s, groupType, i)] = new Group { SchoolId = school.Id, Name = naming(i), Type = groupType };
                }
            }

            AddGroups(GroupType.Classe, classes, i => $"{(i % 2 == 0 ? "Mme" : "M.")} {LastNames[i % LastNames.Length]} {i / LastNames.Length + 1}");
            AddGroups(GroupType.Niveau, Levels.Length, i => Levels[i]);
            AddGroups(GroupType.Groupe, otherGroups, i => $"Groupe {i + 1}");
            AddGroups(GroupType.Option, options, i => $"Option {i + 1}");

            for (var k = 0; k < perSchool; k++)
            {
                var n = s * perSchool + k;
                // In each school: a teacher per class, its secondary administrators and administrators, then its pupils.
                var profil = k < classes ? Profil.Enseignant : k < classes + secondaires ? Profil.AdministrateurSecondaire : k < staff ? Profil.Administrateur : Profil.Eleve;
                var login = LoginGenerator.Base(LastNames[random.Next(LastNames.Length)], string.Empty) + n.ToString(CultureInfo.InvariantCulture);
                var user = new User
                {
                    SchoolId = school.Id,
                    Account = new Account { Login = login, CreatedAt = created },
                    Nom = LastNames[random.Next(LastNames.Length)],
                    Prenom = FirstNames[random.Next(FirstNames.Length)],
                    Profil = profil,
                    CreatedAt = created,
                    UpdatedAt = created,
                };
                user.Login = LoginGenerator.Base(user.Nom, user.Prenom) + n.ToString(CultureInfo.InvariantCulture);
                user.Account.Login = user.Login;
                people.Add(user);
                void Join(GroupType type, int index) => memberships.Add(new GroupMembership { User = user, Group = groups[(s, type, index)] });

                if (profil == Profil.Enseignant)
                {
                    Join(GroupType.Classe, k);
                }
                else if (profil == Profil.Eleve)
                {
                    user.NationalId = $"{100_000_000 + n * 7:D10}{(char)('A' + n % 26)}";
                    user.EstablishmentId = $"E{n / 1000:D3}-{n % 1000:D3}";
                    user.IsActive = n % 20 != 3;
                    var classIndex = (k - staff) % classes;
                    Join(GroupType.Classe, classIndex);
                    Join(GroupType.Niveau, classIndex % Levels.Length);
                    if (random.Next(10) < 3)
                    {
                        Join(GroupType.Option, random.Next(options));
                    }

                    if (random.Next(100) < 15)
                    {
                        Join(GroupType.Groupe, random.Next(otherGroups));
                    }
                }
            }
        }

        await engine.BulkInsertAsync(db, groups.Values.ToList(), CancellationToken.None);
        await engine.BulkInsertAsync(db, people.Select(u => u.Account).ToList(), CancellationToken.None);
        foreach (var user in people)
        {
            user.AccountId = user.Account.Id;
        }

        await engine.BulkInsertAsync(db, people, CancellationToken.None);
        foreach (var membership in memberships)
        {
            (membership.UserId, membership.GroupId) = (membership.User.Id, membership.Group.Id);
        }

        await engine.BulkInsertAsync(db, memberships, CancellationToken.None);
        await transaction.CommitAsync();
    }

    internal static async Task<bool> HasUsersAsync(BenchmarkDatabase database)
    {
        await using var db = await database.Contexts.CreateDbContextAsync();
        return await db.Accounts.AnyAsync();
    }

    internal sealed record Facts(int AdminId, int TeacherId, string ClassName, string FullName, string NationalId);

    /// <summary>
    /// Real values to search for, all in the first school (2,500 users when 100,000 are spread over 40): an administrator,
    /// its first class and its teacher, a pupil in the middle.
    /// </summary>
    internal static async Task<Facts> FactsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContextAsync();
        db.EnterSchool(await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var pupils = db.Users.Where(u => u.Profil == Profil.Eleve && u.IsActive).OrderBy(u => u.Id);
        var count = await pupils.CountAsync();
        var pupil = await pupils.Skip(count / 2).FirstAsync();
        return new Facts(
            await db.Users.Where(u => u.Profil == Profil.Administrateur).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(),
            await db.Users.Where(u => u.Profil == Profil.Enseignant).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(),
            await db.Groups.Where(g => g.Type == GroupType.Classe).OrderBy(g => g.Id).Select(g => g.Name).FirstAsync(),
            pupil.Prenom + " " + pupil.Nom,
            (await pupils.Skip(count * 3 / 5).Select(u => u.NationalId).FirstAsync())!);
    }
}
