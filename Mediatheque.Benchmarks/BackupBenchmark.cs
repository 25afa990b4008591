using System.Diagnostics;
using System.Globalization;
using Mediatheque.Core.Backups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issue 21: the SQLite backup (<see cref="DatabaseBackup.TakeAsync"/>, VACUUM INTO) of the grid's 100,000-user
/// deployment while the grid is used: how long a backup takes, alone and with the grid searching, and the grid's
/// latency (<see cref="UserFinder.SearchAsync"/>, one search after another, the grid benchmark's cases in turn) without a
/// backup and during one. VACUUM INTO reads the database in one read transaction: in WAL mode the grid's readers should
/// not wait for it, only share the machine's two cores with it.
/// </summary>
public static class BackupBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = BenchmarkArgs.Option(args, "--users", 100_000);
        var schoolCount = BenchmarkArgs.Option(args, "--schools", 40);
        var rounds = BenchmarkArgs.Option(args, "--rounds", 3);
        Console.WriteLine($"{Environment.ProcessorCount} cores, {users:N0} users in {schoolCount} schools (SQLite); load average before: {BenchmarkArgs.LoadAverage()}");
        var folder = Path.Combine(Path.GetTempPath(), $"mediatheque-backup-bench-{Guid.NewGuid():N}");
        // --keep: the daily job benchmark's kept deployment (/tmp/mediatheque-rentree-bench-N-S.db), generated once for both.
        var keptName = args.Contains("--keep") ? $"mediatheque-rentree-bench-{users}-{schoolCount}" : null;
        try
        {
            await using var database = await BenchmarkDatabase.CreateAsync(DatabaseProvider.Sqlite, keptName: keptName,
                settings: new Dictionary<string, string?> { ["Mediatheque:Backups:Folder"] = folder, ["Mediatheque:Backups:Keep"] = "1000" });
            if (await GridBenchmark.HasUsersAsync(database))
            {
                Console.WriteLine($"Reusing the kept deployment ({database.ConnectionString}).");
            }
            else
            {
                var watch = Stopwatch.StartNew();
                await GridBenchmark.GenerateAsync(database.Services, users, schoolCount);
                await database.SettleAsync();
                Console.WriteLine($"Generated {users:N0} users in {schoolCount} schools in {watch.Elapsed.TotalSeconds:F1} s.");
            }

            await using var scope = database.Services.CreateAsyncScope();
            var backup = scope.ServiceProvider.GetRequiredService<DatabaseBackup>();
            var grid = await GridUser.StartAsync(database.Services);

            // The grid alone, as long as the backups with it will take (measured first: a backup alone).
            var alone = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                alone.Add(await TimeBackupAsync(backup));
            }

            var quiet = await grid.SearchForAsync(TimeSpan.FromMilliseconds(alone.Sum()));

            var withGrid = new List<double>();
            var during = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                using var stop = new CancellationTokenSource();
                // Microsoft.Data.Sqlite's async calls complete synchronously: the grid gets a thread of its own.
                var searching = Task.Run(() => grid.SearchUntilAsync(stop.Token));
                withGrid.Add(await TimeBackupAsync(backup));
                await stop.CancelAsync();
                during.AddRange(await searching);
            }

            var file = new FileInfo(backup.Files()[0]);
            Console.WriteLine($"Backup file: {file.Length / 1048576.0:F1} MB ({file.Name}); database: {DatabaseMegabytes(database):F1} MB with its WAL.");
            Console.WriteLine($"Load average after: {BenchmarkArgs.LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| case | runs | median ms | p95 ms | max ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Row("backup (VACUUM INTO), alone", alone);
            Row("backup (VACUUM INTO), the grid searching meanwhile", withGrid);
            Row("grid search, no backup", quiet);
            Row("grid search, during a backup", during);
            return 0;
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<double> TimeBackupAsync(DatabaseBackup backup)
    {
        var watch = Stopwatch.StartNew();
        var outcome = await backup.TakeAsync("benchmark");
        var ms = watch.Elapsed.TotalMilliseconds;
        return outcome.Succeeded ? ms : throw new InvalidOperationException(outcome.Message);
    }

    private static double DatabaseMegabytes(BenchmarkDatabase database)
    {
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        return new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length) / 1048576.0;
    }

    private static void Row(string name, List<double> times)
    {
        var sorted = times.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {sorted.Length:N0} | {Timing.Percentile(sorted, 0.50):F2} | {Timing.Percentile(sorted, 0.95):F2} | {sorted[^1]:F2} |"));
    }

    /// <summary>An administrator of the first school using the grid: one search after another, the grid benchmark's cases in turn.</summary>
    private sealed class GridUser(UserFinder finder, int actor, UserQuery[] queries)
    {
        private int next;

        public static async Task<GridUser> StartAsync(IServiceProvider services)
        {
            var facts = await GridBenchmark.FactsAsync(services);
            UserQuery[] queries =
            [
                new() { PageSize = 50 },
                new() { Search = "m", PageSize = 50 },
                new() { Search = "mar", PageSize = 50 },
                new() { Search = facts.FullName, PageSize = 50 },
                new() { Classe = facts.ClassName, PageSize = 50 },
                new() { DeactivatedOnly = true, PageSize = 50 },
            ];
            var user = new GridUser(services.GetRequiredService<UserFinder>(), facts.AdminId, queries);
            await user.SearchForAsync(TimeSpan.FromSeconds(1));
            return user;
        }

        public async Task<List<double>> SearchForAsync(TimeSpan duration)
        {
            using var stop = new CancellationTokenSource(duration);
            return await SearchUntilAsync(stop.Token);
        }

        public async Task<List<double>> SearchUntilAsync(CancellationToken stop)
        {
            var times = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                await finder.SearchAsync(actor, queries[next++ % queries.Length]);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            return times;
        }
    }
}
