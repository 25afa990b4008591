using System.Diagnostics;
using System.Globalization;
using Mediatheque.Core;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issue 13: « Réinitialiser les mots de passe » for a class of 30 and for a school of 1,000 pupils at the real
/// BCrypt cost, each set against the hashing floor (n × one hash ÷ cores) measured in the same run. Wall-clock
/// timings of the whole Core call (plan, generate, hash on every core, one transaction, a journal line each).
/// </summary>
public static class BulkResetBenchmark
{
    private const int ClassSize = 30;

    public static async Task<int> RunAsync(string[] args)
    {
        var pupils = BenchmarkArgs.Option(args, "--pupils", 1_000);
        var workFactor = BenchmarkArgs.Option(args, "--work-factor", 11);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.WriteLine($"Bulk reset benchmark: BCrypt work factor {workFactor}, {Environment.ProcessorCount} cores, {pupils:N0} pupils in classes of {ClassSize}"
            + $", load average before: {BenchmarkArgs.LoadAverage()}");
        await using var school = await School.CreateAsync(workFactor, pupils);
        var hasher = school.Services.GetRequiredService<PasswordHasher>();

        Console.WriteLine();
        Console.WriteLine($"| case | wall s | one hash ms | floor s | wall ÷ floor |");
        Console.WriteLine($"|---|---:|---:|---:|---:|");
        // The first reset in the process also pays the JIT and EF's query compilation, once per app start: shown apart.
        await school.MeasureAsync($"class of {ClassSize}, first after start (cold)", hasher, new UserQuery { Classe = "Classe 01" }, ClassSize);
        for (var run = 1; run <= 3; run++)
        {
            await school.MeasureAsync($"class of {ClassSize}, run {run}", hasher, new UserQuery { Classe = "Classe 01" }, ClassSize);
        }

        await school.MeasureAsync($"school of {pupils:N0}", hasher, new UserQuery { Profil = Profil.Eleve }, pupils);
        Console.WriteLine();
        Console.WriteLine($"Load average after: {BenchmarkArgs.LoadAverage()}");
        return 0;
    }

    private static double OneHashMilliseconds(PasswordHasher hasher)
    {
        hasher.Hash("warm-up-password");
        var times = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var watch = Stopwatch.StartNew();
            hasher.Hash("bamiru47-" + i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times.Order().ElementAt(times.Count / 2);
    }


    private sealed class School : IAsyncDisposable
    {
        private readonly string path = Path.Combine(Path.GetTempPath(), $"mediatheque-bench-{Guid.NewGuid():N}.db");
        private int adminId;

        private School(int workFactor)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Mediatheque"] = $"Data Source={path}",
                ["Mediatheque:Passwords:WorkFactor"] = workFactor.ToString(CultureInfo.InvariantCulture),
            }).Build();
            Services = new ServiceCollection().AddLogging().AddMediathequeCore(configuration).BuildServiceProvider();
        }

        public ServiceProvider Services { get; }

        public static async Task<School> CreateAsync(int workFactor, int pupils)
        {
            var school = new School(workFactor);
            await using (var scope = school.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            }

            await using var db = await school.Services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContextAsync();
            // One school: its users and classes are that school's (the context's, when saved).
            var row = new Mediatheque.Core.Schools.School { Name = "École du banc d'essai", CreatedAt = DateTime.UtcNow };
            db.Schools.Add(row);
            await db.SaveChangesAsync();
            db.EnterSchool(row.Id);
            var admin = new User { Nom = "LEBRUN", Prenom = "Claire", Profil = Profil.Administrateur, Login = "admin", Account = new Mediatheque.Core.Accounts.Account { Login = "admin" } };
            db.Users.Add(admin);
            var classes = new Dictionary<int, Group>();
            for (var i = 0; i < pupils; i++)
            {
                var number = i / ClassSize + 1;
                var group = classes.TryGetValue(number, out var existing)
                    ? existing
                    : classes[number] = new Group { Name = $"Classe {number:D2}", Type = GroupType.Classe };
                var pupil = new User { Nom = $"ÉLÈVE{i:D4}", Prenom = "Prénom", Profil = Profil.Eleve, Login = $"e{i:D4}", Account = new Mediatheque.Core.Accounts.Account { Login = $"e{i:D4}" } };
                pupil.Memberships.Add(new GroupMembership { User = pupil, Group = group });
                db.Users.Add(pupil);
            }

            await db.SaveChangesAsync();
            school.adminId = admin.Id;
            return school;
        }

        public async Task MeasureAsync(string name, PasswordHasher hasher, UserQuery query, int expected)
        {
            var oneHash = OneHashMilliseconds(hasher);
            var floor = expected * oneHash / Environment.ProcessorCount;
            await using var scope = Services.CreateAsyncScope();
            var bulk = scope.ServiceProvider.GetRequiredService<BulkPasswordReset>();
            var watch = Stopwatch.StartNew();
            var outcome = await bulk.ApplyAsync(adminId, UserSelection.All(query));
            var wall = watch.Elapsed.TotalMilliseconds;
            if (!outcome.Result.Succeeded || outcome.Credentials.Count != expected)
            {
                throw new InvalidOperationException($"The reset failed: {outcome.Result.Message} ({outcome.Credentials.Count} of {expected})");
            }

            Console.WriteLine($"| {name} | {wall / 1000:N2} | {oneHash:N1} | {floor / 1000:N2} | {wall / floor:N3} |");
        }

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
