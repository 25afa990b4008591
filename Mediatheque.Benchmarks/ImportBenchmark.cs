using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mediatheque.Core;
using Mediatheque.Core.Import;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issue 6: import 1,000 new pupils with generated passwords, and 10,000 pupils without passwords,
/// into a school of 3,000, at the real BCrypt cost. The wall time of the first is set against the
/// BCrypt floor (hashes × one hash ÷ cores), measured in the same run on the same machine.
/// Wall-clock timings of whole operations, not BenchmarkDotNet: one import at cost 11 takes a minute.
/// </summary>
public static class ImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var school = BenchmarkArgs.Option(args, "--pupils", 3_000);
        var workFactor = BenchmarkArgs.Option(args, "--work-factor", 11);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.WriteLine($"Import benchmark: BCrypt work factor {workFactor}, {Environment.ProcessorCount} cores, school of {school:N0} pupils"
            + $", load average before: {BenchmarkArgs.LoadAverage()}");

        var providers = args.Contains("--postgresql-only") ? [DatabaseProvider.PostgreSql]
            : args.Contains("--sqlite-only") ? [DatabaseProvider.Sqlite]
            : new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };

        // A. 1,000 new pupils, each with a generated password: BCrypt-bound whatever the database, so on SQLite only.
        if (!args.Contains("--skip-passwords"))
        {
            await PasswordsAsync(workFactor, school);
        }

        // B. 10,000 pupils without passwords: the school's 3,000 (a third move class) and 7,000 new ones. Three runs
        // per provider, each on a fresh school.
        foreach (var provider in providers)
        {
            Console.WriteLine();
            Console.WriteLine($"B. 10 000 pupils without passwords into the school on {provider} (3 runs, each on a fresh school)");
            var totals = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                await using var run = await Run.CreateAsync(provider, workFactor, school);
                var timings = await run.ImportAsync(Onde(10_000, firstNumber: 0, moveEvery: 3), new ImportChoices { GeneratePasswordsForNewPupils = false, CreateMissingGroups = true });
                Console.WriteLine($"   run {i + 1} ({timings.Preview.Updates:N0} updated, {timings.Preview.Creates:N0} created): {timings}");
                totals.Add(timings.Total.TotalSeconds);
            }

            Console.WriteLine($"   best {totals.Min():N2} s, median {totals.Order().ElementAt(1):N2} s (target < 3 s)");
        }

        Console.WriteLine();
        Console.WriteLine($"Load average after: {BenchmarkArgs.LoadAverage()}");
        return 0;
    }

    private static async Task PasswordsAsync(int workFactor, int school)
    {
        await using (var run = await Run.CreateAsync(DatabaseProvider.Sqlite, workFactor, school))
        {
            var hasher = run.Services.GetRequiredService<PasswordHasher>();
            var oneHash = OneHashMilliseconds(hasher);
            var floor = 1_000 * oneHash / Environment.ProcessorCount;
            var parallelHash = ParallelHashMilliseconds(hasher, 100);
            var timings = await run.ImportAsync(Onde(1_000, firstNumber: school), new ImportChoices { GeneratePasswordsForNewPupils = true, CreateMissingGroups = true });
            Console.WriteLine();
            Console.WriteLine("A. 1 000 new pupils with generated passwords");
            Console.WriteLine($"   one BCrypt hash (median of 9): {oneHash:N1} ms");
            Console.WriteLine($"   BCrypt floor: 1 000 × {oneHash:N1} ms ÷ {Environment.ProcessorCount} cores = {floor / 1000:N2} s");
            Console.WriteLine($"   {timings}");
            Console.WriteLine($"   wall ÷ floor = {timings.Total.TotalMilliseconds / floor:N3} (target ≤ 1.2); apply ÷ floor = {timings.Apply.TotalMilliseconds / floor:N3}");
            // On a shared machine the cores are not all ours: raw BCrypt on every core, measured just before, is the floor we can reach.
            Console.WriteLine($"   raw BCrypt on all cores just before (100 hashes): {parallelHash:N1} ms per hash, so 1 000 hashes in {parallelHash:N2} s;"
                + $" wall ÷ that = {timings.Total.TotalMilliseconds / (1_000 * parallelHash):N3}");
        }
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

        times.Sort();
        return times[times.Count / 2];
    }

    private static double ParallelHashMilliseconds(PasswordHasher hasher, int count)
    {
        var watch = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => hasher.Hash("bamiru47-" + i));
        return watch.Elapsed.TotalMilliseconds / count;
    }

    /// <summary>An ONDE export as the register writes it (Latin-1, « ; »): pupil i has INE i, so a file overlaps the school by number.</summary>
    private static byte[] Onde(int count, int firstNumber, int moveEvery = 0)
    {
        string[] levels = ["CP", "CE1", "CE2", "CM1", "CM2"];
        string[] names = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU", "GUÉRIN", "FRANÇOIS"];
        string[] firstNames = ["Éloïse", "Zoé", "Noémie", "Chloé", "Jérôme", "Anaïs", "Maël", "Léa", "Inès", "Loïc", "Raphaël", "Jules"];
        var text = new StringBuilder("Nom Elève;Nom d'usage Elève;Prénom Elève;Date naissance;Cycle;Niveau;Libellé classe;INE\r\n");
        for (var i = firstNumber; i < firstNumber + count; i++)
        {
            // In B, a third of the existing pupils go up a level: their class and level change.
            var shift = moveEvery > 0 && i % moveEvery == 0 ? 1 : 0;
            var level = levels[(i + shift) % levels.Length];
            text.Append(CultureInfo.InvariantCulture,
                $"{names[i % names.Length]}{i / names.Length};;{firstNames[i % firstNames.Length]};{1 + i % 28:D2}/{1 + i % 12:D2}/{2014 + i % 5};;{level};{level} {(i / 5) % 6 + 1};{i:D10}X\r\n");
        }

        return Encoding.Latin1.GetBytes(text.ToString());
    }


    private sealed record Timings(TimeSpan Read, TimeSpan PreviewTime, TimeSpan Apply, (int Creates, int Updates) Preview)
    {
        public TimeSpan Total => Read + PreviewTime + Apply;

        public override string ToString() =>
            $"read {Read.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture)} s + preview {PreviewTime.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture)} s"
            + $" + apply {Apply.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture)} s = wall {Total.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture)} s";
    }

    /// <summary>A temporary SQLite file migrated like production, holding an administrator and a school of pupils.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly BenchmarkDatabase database;
        private int adminId;

        private Run(BenchmarkDatabase database) => this.database = database;

        public ServiceProvider Services => database.Services;

        public static async Task<Run> CreateAsync(DatabaseProvider provider, int workFactor, int pupils)
        {
            var run = new Run(await BenchmarkDatabase.CreateAsync(provider, workFactor));
            await using (var db = await run.database.Contexts.CreateDbContextAsync())
            {
                var now = DateTime.UtcNow;
                // One school: the import's pupils are that school's (its administrator's).
                var row = new Mediatheque.Core.Schools.School { Name = "École du banc d'essai", CreatedAt = now };
                db.Schools.Add(row);
                await db.SaveChangesAsync();
                db.EnterSchool(row.Id);
                var admin = new User { Nom = "LEBRUN", Prenom = "Claire", Profil = Profil.Administrateur, Login = "admin", CreatedAt = now, UpdatedAt = now, Account = new Mediatheque.Core.Accounts.Account { Login = "admin", CreatedAt = now } };
                db.Users.Add(admin);
                await db.SaveChangesAsync();
                run.adminId = admin.Id;
            }

            // The school itself, through the import (without passwords: not what is measured).
            await run.ImportAsync(Onde(pupils, firstNumber: 0), new ImportChoices { GeneratePasswordsForNewPupils = false, CreateMissingGroups = true });
            return run;
        }

        public async Task<Timings> ImportAsync(byte[] content, ImportChoices choices)
        {
            await using var scope = Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ImportService>();
            var watch = Stopwatch.StartNew();
            var file = service.Read("eleves.csv", content);
            var read = watch.Elapsed;
            watch.Restart();
            var preview = await service.PreviewAsync(adminId, file, choices);
            var previewTime = watch.Elapsed;
            watch.Restart();
            var outcome = await service.ApplyAsync(adminId, file, choices, preview);
            var apply = watch.Elapsed;
            if (!outcome.Succeeded || preview.Issues.Count > 0)
            {
                throw new InvalidOperationException($"The import failed: {outcome.Result.Message} {preview.Issues.FirstOrDefault()}");
            }

            return new Timings(read, previewTime, apply, (preview.Creates.Count, preview.Updates.Count));
        }

        public ValueTask DisposeAsync() => database.DisposeAsync();
    }
}
