using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Persistence;
using Mediatheque.Tests.Annuaire;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issue 11: synchronising a directory of 10,000 entries (pupils in classes of 24, a teacher each) from a private
/// slapd that answers pages of 1,000, as Active Directory does: the first run creates everyone, a second run
/// on an unchanged directory changes nothing. Whole runs as the schedule starts them (read, plan, one transaction,
/// journal), wall-clock, on each provider, on a fresh database each time.
/// </summary>
public static class AnnuaireBenchmark
{
    private const int PageSize = 1_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var entries = BenchmarkArgs.Option(args, "--entries", 10_000);
        var runs = BenchmarkArgs.Option(args, "--runs", 3);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.WriteLine($"Directory synchronisation benchmark: {entries:N0} entries, pages of {PageSize:N0}, {Environment.ProcessorCount} cores"
            + $", load average before: {BenchmarkArgs.LoadAverage()}");

        var providers = args.Contains("--postgresql-only") ? [DatabaseProvider.PostgreSql]
            : args.Contains("--sqlite-only") ? [DatabaseProvider.Sqlite]
            : new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };

        var loading = Stopwatch.StartNew();
        await using var directory = await Slapd.StartAsync(School(entries), sizeLimit: PageSize);
        Console.WriteLine($"slapd loaded with slapadd in {loading.Elapsed.TotalSeconds:N1} s");

        foreach (var provider in providers)
        {
            Console.WriteLine();
            Console.WriteLine($"{provider} ({runs} runs, each on a fresh database): first run / unchanged second run");
            var firsts = new List<double>();
            var seconds = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                await using var database = await BenchmarkDatabase.CreateAsync(provider, settings: directory.Settings(pageSize: PageSize));
                var (first, firstRun) = await SyncAsync(database);
                var (second, secondRun) = await SyncAsync(database);
                Console.WriteLine($"   run {i + 1}: first {first:N2} s ({Counts(firstRun)}); unchanged {second:N2} s ({Counts(secondRun)})");
                if (!firstRun.Succeeded || firstRun.Created != entries || secondRun.Unchanged != entries)
                {
                    Console.Error.WriteLine("The synchronisation did not do what it should: the figures above do not count.");
                    return 1;
                }

                firsts.Add(first);
                seconds.Add(second);
            }

            Console.WriteLine($"   median: first {Median(firsts):N2} s (target ≤ 10 s), unchanged {Median(seconds):N2} s (target ≤ 3 s)");
        }

        Console.WriteLine();
        Console.WriteLine($"Load average after: {BenchmarkArgs.LoadAverage()}");
        return 0;
    }

    private static async Task<(double Seconds, AnnuaireRun Run)> SyncAsync(BenchmarkDatabase database)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var sync = scope.ServiceProvider.GetRequiredService<AnnuaireSync>();
        var watch = Stopwatch.StartNew();
        var run = await sync.SyncAsync("benchmark", actor: null, progress: null, CancellationToken.None);
        return (watch.Elapsed.TotalSeconds, run);
    }

    private static string Counts(AnnuaireRun run) => run.Succeeded
        ? $"{run.Created:N0} created, {run.Updated:N0} updated, {run.Unchanged:N0} unchanged, {run.Deactivated:N0} deactivated, {run.Skipped:N0} skipped"
        : run.Error!;

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Pupils in classes of 24 with accented names and an INE, and one teacher per class.</summary>
    private static string School(int entries)
    {
        string[] noms = ["LEFÈVRE", "FRANÇOIS", "MARTIN", "BESSON", "GIRAUD", "NGUYEN", "DUPONT", "OZTÜRK"];
        string[] prenoms = ["Éloïse", "Noé", "Chloé", "Zoé", "Jérôme", "Inès", "Maël", "Anaïs"];
        var ldif = new StringBuilder(entries * 300);
        for (var i = 0; i < entries; i++)
        {
            var teacher = i % 25 == 0;
            var uid = $"{(teacher ? "prof" : "eleve")}.{i:D5}";
            ldif.Append(CultureInfo.InvariantCulture, $"""
                dn: uid={uid},{Slapd.PeopleDn}
                objectClass: inetOrgPerson
                uid: {uid}
                cn: {prenoms[i % prenoms.Length]} {noms[i / 7 % noms.Length]}
                sn: {noms[i / 7 % noms.Length]}
                givenName: {prenoms[i % prenoms.Length]}
                employeeType: {(teacher ? "ENSEIGNANT" : "ELEVE")}
                departmentNumber: Classe {i / 25 + 1:D3}
                userPassword: Mot-de-passe-{i}

                """);
            // Teachers have no INE; a blank line ends the entry.
            ldif.Append(teacher ? "\n" : string.Create(CultureInfo.InvariantCulture, $"employeeNumber: {i:D10}X\n\n"));
        }

        return ldif.ToString();
    }
}
