using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issue 21: the accounts' daily job (<see cref="AccountStateJob.RunAsync"/>, every school, its lease, a journal line per
/// school) over 100,000 users on a night when nothing is due, ≤ 1 s on both providers. The grid's generated deployment,
/// plus leavers that are not due yet: 2 % of the pupils parti since yesterday, 2 % désactivé since 5 days. Each run is
/// the next school day on the services' clock, so each one takes the lease and walks every school.
/// </summary>
public static class DailyJobBenchmark
{
    private static readonly DateTimeOffset FirstNight = new(2026, 9, 2, 0, 30, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var users = BenchmarkArgs.Option(args, "--users", 100_000);
        var schoolCount = BenchmarkArgs.Option(args, "--schools", 40);
        var runs = BenchmarkArgs.Option(args, "--runs", 20);
        var providers = args.Contains("--sqlite-only") ? [DatabaseProvider.Sqlite]
            : args.Contains("--postgresql-only") ? [DatabaseProvider.PostgreSql]
            : new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };
        // A leaver parti since yesterday is due after 30 days: the runs must stay within them.
        if (runs + 3 > 28)
        {
            Console.Error.WriteLine("--runs: at most 25 (the leavers would become due).");
            return 2;
        }

        Console.WriteLine($"{Environment.ProcessorCount} cores, {users:N0} users in {schoolCount} schools; load average before: {BenchmarkArgs.LoadAverage()}");
        // --keep: the deployment stays (/tmp/mediatheque-rentree-bench-N-S.db, cluster /tmp/mediatheque-rentree-bench-N-S-pg), shared with `backup --keep`.
        var keptName = args.Contains("--keep") ? $"mediatheque-rentree-bench-{users}-{schoolCount}" : null;
        var plans = args.Contains("--explain") ? new QueryPlans() : null;
        var failed = false;
        var results = new List<Timing.Result>();
        foreach (var provider in providers)
        {
            var clock = new ManualClock(FirstNight);
            await using var database = await BenchmarkDatabase.CreateAsync(provider, keptName: keptName, configure: services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                if (plans is not null)
                {
                    QueryPlans.Install(plans)(services);
                }
            });
            if (await GridBenchmark.HasUsersAsync(database))
            {
                Console.WriteLine($"{provider}: reusing the kept deployment ({database.ConnectionString}).");
            }
            else
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await GridBenchmark.GenerateAsync(database.Services, users, schoolCount);
                await database.SettleAsync();
                Console.WriteLine($"{provider}: generated {users:N0} users in {schoolCount} schools in {watch.Elapsed.TotalSeconds:F1} s.");
            }

            var (parti, desactive) = await SetLeaversAsync(database);
            var job = database.Services.GetRequiredService<AccountStateJob>();
            var name = $"{provider}: nothing due ({parti:N0} parti, {desactive:N0} désactivé not yet due)";
            var result = await Timing.MeasureAsync(name, async () =>
            {
                clock.Advance(TimeSpan.FromDays(1));
                var run = await job.RunAsync();
                if (run.Refusal is not null || run.Schools.Count != schoolCount || run.Deactivated + run.Erased > 0)
                {
                    failed = true;
                    return $"WRONG: {run.Refusal} {run.Schools.Count} schools, {run.Deactivated} deactivated, {run.Erased} erased";
                }

                return $"{run.Schools.Count} schools, 0 moved";
            }, warmUp: 3, iterations: runs);
            results.Add(result);

            if (plans is not null)
            {
                clock.Advance(TimeSpan.FromDays(1));
                plans.Enabled = true;
                await job.RunAsync();
                plans.Enabled = false;
                Console.WriteLine($"## {provider}: one more night, its queries' plans");
                Console.WriteLine(plans.Take());
            }
        }

        Console.WriteLine($"Each provider: 3 warm-up runs, then {runs} timed runs of AccountStateJob.RunAsync, a school day apart.");
        Console.WriteLine($"Load average after: {BenchmarkArgs.LoadAverage()}");
        Timing.Print(results);
        return failed ? 1 : 0;
    }

    /// <summary>
    /// Leavers not due on any of the runs' days (the same whatever a kept database held): 2 % of the pupils parti since the
    /// day before the first run, 2 % désactivé since 5 days before it; the job's lease as if it never ran.
    /// </summary>
    private static async Task<(int Parti, int Desactive)> SetLeaversAsync(BenchmarkDatabase database)
    {
        var start = FirstNight.UtcDateTime;
        await using var db = await database.Contexts.CreateDbContextAsync();
        var pupils = db.Users.IgnoreQueryFilters().Where(u => u.Profil == Profil.Eleve);
        await pupils.Where(u => u.LeftAt != null || u.DeactivatedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LeftAt, (DateTime?)null).SetProperty(u => u.DeactivatedAt, (DateTime?)null).SetProperty(u => u.IsActive, true));
        var parti = await pupils.Where(u => u.Id % 50 == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LeftAt, start.AddDays(-1)).SetProperty(u => u.IsActive, true));
        var desactive = await pupils.Where(u => u.Id % 50 == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LeftAt, start.AddDays(-35)).SetProperty(u => u.DeactivatedAt, start.AddDays(-5))
                .SetProperty(u => u.IsActive, false));
        await db.JobLeases.Where(l => l.Name == AccountStateJob.LeaseName).ExecuteDeleteAsync();
        await database.SettleAsync();
        return (parti, desactive);
    }
}
