using System.Globalization;
using Mediatheque.Core;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Demo;
using Mediatheque.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issue 3: « An unknown login and a wrong password get the same French message and take about the same
/// time. » Times SignInService at the production BCrypt cost for each kind of failure, on the demo school.
/// </summary>
public static class SignInBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mediatheque-signin-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Mediatheque"] = $"Data Source={path}",
            ["Mediatheque:Passwords:WorkFactor"] = "11",
            // Measure the password check, not the lockout that would follow repeated failures.
            ["Mediatheque:SignIn:MaxFailedAttempts"] = "1000000",
        }).Build();
        await using (var services = new ServiceCollection().AddLogging().AddMediathequeCore(configuration).BuildServiceProvider())
        {
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
                await scope.ServiceProvider.GetRequiredService<DemoSchool>().SeedIfEmptyAsync();
            }

            var iterations = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 40;
            Console.WriteLine($"Sign-in at BCrypt work factor 11, demo school; 3 warm-up runs then {iterations} timed runs per case.");
            var results = new List<Timing.Result>();
            foreach (var (name, login, password) in new[]
                     {
                         ("right password (bm)", "bm", "marion2026"),
                         ("wrong password (bm)", "bm", "pas-le-bon"),
                         ("unknown login", "personne-ici", "pas-le-bon"),
                         ("pupil who never had a password (« bm2 »)", "bm2", "pas-le-bon"),
                     })
            {
                results.Add(await Timing.MeasureAsync(name, async () =>
                {
                    await using var scope = services.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<SignInService>().SignInAsync(login, password, "127.0.0.1");
                    return result.Message ?? "connecté";
                }, warmUp: 3, iterations: iterations));
            }

            Timing.Print(results);
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return 0;
    }
}
