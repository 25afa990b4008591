using System.Diagnostics;
using System.Globalization;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issue 23: « Réinitialiser les mots de passe » for 1,000 pupils (two legal representatives each) at the real BCrypt
/// cost, with the parents' notices off and on (the reset's own time must not change: it writes one outbox row either
/// way), against a reset with no mail configured; then the 2,000 notices of a reset delivered to a local SMTP server
/// (aiosmtpd, as in the tests): expansion, claims, one SMTP connection per batch of 50, a mark and a journal line each.
/// </summary>
public static class NoticeBenchmark
{
    private const int ClassSize = 25;

    public static async Task<int> RunAsync(string[] args)
    {
        var pupils = BenchmarkArgs.Option(args, "--pupils", 1_000);
        var workFactor = BenchmarkArgs.Option(args, "--work-factor", 11);
        var runs = BenchmarkArgs.Option(args, "--runs", 2);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.WriteLine($"Notice benchmark: {pupils:N0} pupils with 2 legal representatives each, BCrypt work factor {workFactor}, "
            + $"{Environment.ProcessorCount} cores, SQLite; load average before: {BenchmarkArgs.LoadAverage()}");

        await using var smtp = await SmtpServer.StartNewAsync();
        await using var withoutMail = await SeedAsync(workFactor, pupils, null);
        await using var withMail = await SeedAsync(workFactor, pupils, smtp.Settings());

        Console.WriteLine();
        Console.WriteLine("| case | reset wall s | its save (transaction) ms | outbox rows | load average after |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        await ResetAsync("no mail configured (no outbox row)", withoutMail, pupils);
        var deliveries = new List<string>();
        for (var run = 1; run <= runs; run++)
        {
            await SetParentsAsync(withMail, false);
            await ResetAsync($"mail, parents off, run {run}", withMail, pupils);
            await DeliverAsync(withMail, smtp, 0);
            await SetParentsAsync(withMail, true);
            await ResetAsync($"mail, parents on, run {run}", withMail, pupils);
            deliveries.Add(await DeliverAsync(withMail, smtp, pupils * 2));
        }

        Console.WriteLine();
        Console.WriteLine("| delivery of one reset's notices | notices | expand + send s | notices/s | load average after |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        deliveries.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine($"Load average after: {BenchmarkArgs.LoadAverage()}");
        return 0;
    }

    private static async Task<BenchmarkDatabase> SeedAsync(int workFactor, int pupils, IReadOnlyDictionary<string, string?>? mail)
    {
        var settings = new Dictionary<string, string?> { ["Mediatheque:SchoolName"] = "École élémentaire Jules-Ferry" };
        foreach (var (key, value) in mail ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var database = await BenchmarkDatabase.CreateAsync(DatabaseProvider.Sqlite, workFactor, settings);
        await using var db = await database.Contexts.CreateDbContextAsync();
        db.Users.Add(new User { Nom = "LEBRUN", Prenom = "Claire", Profil = Profil.Administrateur, Login = "admin" });
        var classes = new Dictionary<int, Group>();
        for (var i = 0; i < pupils; i++)
        {
            var number = i / ClassSize + 1;
            var group = classes.TryGetValue(number, out var existing) ? existing : classes[number] = new Group { Name = $"Classe {number:D2}", Type = GroupType.Classe };
            var pupil = new User { Nom = $"ÉLÈVE{i:D4}", Prenom = "Prénom", Profil = Profil.Eleve, Login = $"e{i:D4}" };
            pupil.Memberships.Add(new GroupMembership { User = pupil, Group = group });
            pupil.LegalRepresentatives.Add(new LegalRepresentative { User = pupil, Position = 1, Email = $"mere{i:D4}@famille.example.fr" });
            pupil.LegalRepresentatives.Add(new LegalRepresentative { User = pupil, Position = 2, Email = $"pere{i:D4}@famille.example.fr" });
            db.Users.Add(pupil);
        }

        await db.SaveChangesAsync();
        return database;
    }

    private static async Task<int> AdminAsync(BenchmarkDatabase database)
    {
        await using var db = await database.Contexts.CreateDbContextAsync();
        return await db.Users.Where(u => u.Login == "admin").Select(u => u.Id).SingleAsync();
    }

    private static async Task SetParentsAsync(BenchmarkDatabase database, bool on)
    {
        await using var scope = database.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NoticeSettingsService>().SaveAsync(await AdminAsync(database), true, on);
    }

    private static async Task ResetAsync(string name, BenchmarkDatabase database, int pupils)
    {
        var admin = await AdminAsync(database);
        long changesBefore;
        await using (var db = await database.Contexts.CreateDbContextAsync())
        {
            changesBefore = await db.CredentialChanges.CountAsync();
        }

        await using var scope = database.Services.CreateAsyncScope();
        var bulk = scope.ServiceProvider.GetRequiredService<BulkPasswordReset>();
        var saving = TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        // Reported synchronously from the service (not through Progress<T>'s thread pool): the moment hashing ends.
        var outcome = await bulk.ApplyAsync(admin, UserSelection.All(new UserQuery { Profil = Profil.Eleve }), null,
            new Reporter(p => { if (p.Saving) { saving = watch.Elapsed; } }));
        var wall = watch.Elapsed;
        if (!outcome.Result.Succeeded || outcome.Credentials.Count != pupils)
        {
            throw new InvalidOperationException($"The reset failed: {outcome.Result.Message}");
        }

        await using var check = await database.Contexts.CreateDbContextAsync();
        var rows = await check.CredentialChanges.CountAsync() - changesBefore;
        Console.WriteLine($"| {name} | {wall.TotalSeconds:N2} | {(wall - saving).TotalMilliseconds:N0} | {rows} | {BenchmarkArgs.LoadAverage()} |");
    }

    private static async Task<string> DeliverAsync(BenchmarkDatabase database, SmtpServer smtp, int expected)
    {
        smtp.Clear();
        var watch = Stopwatch.StartNew();
        var sent = 0;
        while (true)
        {
            await using var scope = database.Services.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<NoticeDelivery>().RunOnceAsync();
            sent += run.Sent;
            if (run.Retried > 0 || run.Failed > 0)
            {
                throw new InvalidOperationException($"{run.Retried} notices to retry, {run.Failed} failed: the local server refused some.");
            }

            if (run is { Expanded: 0, Sent: 0 })
            {
                break;
            }
        }

        var elapsed = watch.Elapsed;
        var stored = smtp.Messages().Count;
        if (sent != expected || stored != expected)
        {
            throw new InvalidOperationException($"{sent} sent and {stored} stored, {expected} expected.");
        }

        return $"| parents on, 2 per pupil | {sent:N0} | {elapsed.TotalSeconds:N2} | {(sent == 0 ? 0 : sent / elapsed.TotalSeconds):N0} | {BenchmarkArgs.LoadAverage()} |";
    }

    private sealed class Reporter(Action<BulkResetProgress> report) : IProgress<BulkResetProgress>
    {
        public void Report(BulkResetProgress value) => report(value);
    }
}
