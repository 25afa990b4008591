using System.Diagnostics;
using System.Globalization;
using Mediatheque.Core;
using Mediatheque.Core.Demo;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// Issue 15: how many open grid tabs one node carries. The published app (Release, Production) on the demo school;
/// N tabs on « Liste des utilisateurs » signed in as admin; for each N, every tab types names for a while
/// (keystroke → count latency), then the server's heap after a full collection and its resident memory are read,
/// per circuit above the baseline with no circuit open.
/// The tabs are the light client's by default (<see cref="LightClient"/>: the circuit protocol of blazor.web.js over
/// the network, no browser), because on this 2-core machine Chromium tabs took 82–85 % of the CPU while typing and
/// left the server 8 %: what Chromium measured at 50 tabs was Chromium. `--client chromium` keeps real tabs, to check
/// that both give the server the same work (same heap per circuit) and the page the same counts.
/// </summary>
public static class CapacityBenchmark
{
    private const string Admin = "admin";

    // Names of the demo school, typed in lower case as staff do; each is searched as a whole word.
    private static readonly string[] Words =
    [
        "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "leroy", "moreau", "simon", "laurent",
        "michel", "garcia", "david", "girard", "mercier", "dupont", "lambert", "bonnet", "garnier", "faure", "blanc",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var steps = BenchmarkArgs.Option(args, "--circuits", [25, 50, 100]);
        var typingTime = TimeSpan.FromSeconds(BenchmarkArgs.Option(args, "--typing-seconds", 30));
        // How many of the open tabs type at once (issue 25: 1,000 open, 50 typing); 0, the default, is all of them.
        var typing = BenchmarkArgs.Option(args, "--typing", 0);
        var fullDump = args.Contains("--full-dump");
        var trace = args.Contains("--trace");
        var keep = args.Contains("--keep") || fullDump || trace;
        var clientKind = BenchmarkArgs.Option(args, "--client", "light");
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("mediatheque-capacity-").FullName;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Capacity benchmark: {Environment.ProcessorCount} cores, circuits {string.Join(", ", steps)}, " +
                          $"{typingTime.TotalSeconds:F0} s of typing per step by {(typing > 0 ? $"{typing} of the tabs" : "every tab")}, {clientKind} client; work folder {work}");
        try
        {
            await HeapDump.RestoreToolAsync(root);
            await PublishedApp.PublishAsync(root, Path.Combine(work, "app"));
            Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] published the app (Release)");
            var database = Path.Combine(work, "capacity.db");
            var school = await SeedAsync(database);
            var settings = new Dictionary<string, string> { ["Mediatheque:SchoolName"] = "École élémentaire Jules-Ferry" };
            if (trace)
            {
                // Every circuit's start, disconnection, reconnection and end, and why a connection closed (app.log).
                settings["Logging:LogLevel:Microsoft.AspNetCore.Components.Server"] = "Debug";
                settings["Logging:LogLevel:Microsoft.AspNetCore.SignalR"] = "Debug";
                settings["Logging:LogLevel:Microsoft.AspNetCore.Http.Connections"] = "Debug";
            }

            await using var app = await PublishedApp.StartAsync(Path.Combine(work, "app"), database, settings);
            Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] app started at {app.BaseUrl} (pid {app.ProcessId})");

            using var tabLog = new TabLog(Path.Combine(work, "tabs.log"));
            await using var client = await SignInAsync(clientKind, app.BaseUrl, tabLog);

            // Warm-up: the JIT, EF's compiled queries and MudBlazor's caches belong to the baseline, not to circuits.
            var warmUp = await client.OpenAsync();
            await warmUp.TypeAsync(Words[0], school.Counts[Words[0]]);
            await warmUp.ClearAsync(school.TotalText);
            await warmUp.CloseAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var baseline = await MeasureAsync(root, app, work, 0);
            Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] baseline: heap {Mb(baseline.Heap.Bytes)} MB, RSS {Mb(baseline.Resident)} MB, " +
                              $"{baseline.Circuits} circuits alive");

            var tabs = new List<ICircuitTab>();
            var rows = new List<Row>();
            var healthy = true;
            foreach (var circuits in steps)
            {
                await OpenTabsAsync(client, tabs, circuits);
                var typists = Typists(tabs, typing);
                Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {circuits} tabs open; {typists.Count} typing for {typingTime.TotalSeconds:F0} s");
                var cpuAtStart = CpuUse.Start(app.ProcessId);
                var samples = await TypeEverywhereAsync(typists, school, typingTime);
                var cpu = CpuUse.Since(cpuAtStart);
                await Task.Delay(TimeSpan.FromSeconds(3));
                var memory = await MeasureAsync(root, app, work, circuits);
                var row = new Row(client.Name, circuits, typists.Count, memory.Circuits, (memory.Heap.Bytes - baseline.Heap.Bytes) / (double)circuits,
                    (memory.Resident - baseline.Resident) / (double)circuits, Latency.Of(samples), cpu);
                rows.Add(row);
                Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {row}");
                if (memory.Circuits < circuits || tabLog.Problems > 0 || app.Failures > 0)
                {
                    // A tab whose circuit ended (crash, sign-out, a JS call answered wrongly) holds nothing: the figures
                    // per circuit are then too low, and its latency is not the server's. Never a quiet footnote.
                    healthy = false;
                    Console.WriteLine($"!!! CIRCUITS IN TROUBLE: {memory.Circuits} of {circuits} circuits alive, {tabLog.Problems} problems seen by the tabs, " +
                                      $"{app.Failures} errors logged by the server. What the tabs saw: {tabLog.Path}; the app's log: " +
                                      $"{Path.Combine(work, "app.log")} (--keep; --trace for every circuit's events)");
                    foreach (var line in app.FailureLines.Take(5))
                    {
                        Console.WriteLine($"!!! server: {line}");
                    }
                }
                if (circuits == 50 || circuits == steps[^1])
                {
                    PrintGrowth(memory.Heap, baseline.Heap, circuits);
                    if (fullDump)
                    {
                        // For `dotnet tool run dotnet-dump analyze FILE` (dumpheap -stat, gcroot): sizes per type, exact.
                        await Shell.RunAsync(root, "dotnet", "tool", "run", "dotnet-dump", "collect", "--type", "Heap",
                            "-p", app.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(work, $"circuits-{circuits}.dmp"));
                    }
                }
            }

            Print(rows, baseline);
            if (tabLog.Calls.Count > 0)
            {
                Console.WriteLine("JS functions the server called in the light tabs: " +
                                  string.Join(", ", tabLog.Calls.OrderByDescending(c => c.Value).Select(c => $"{c.Key} ×{c.Value}")));
            }
            Console.WriteLine($"Done in {clock.Elapsed:mm\\:ss}.");
            if (!healthy)
            {
                Console.WriteLine("!!! Some circuits died or errored: the figures above are not those of N live circuits (see !!! lines).");
                keep = true;
            }

            return healthy ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep)
            {
                Console.WriteLine($"Kept {work} (heap dumps: *.gcdump; open with `dotnet gcdump report` or PerfView).");
            }
            else
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private sealed record School(IReadOnlyDictionary<string, string> Counts, string TotalText);

    private sealed record Memory(HeapDump Heap, long Resident, long Circuits);

    private sealed record Row(string Client, int Tabs, int Typing, long CircuitsAlive, double HeapPerCircuit, double ResidentPerCircuit, Latency Latency, CpuUse Cpu)
    {
        public override string ToString() =>
            $"{Tabs} {Client} tabs, {Typing} typing ({CircuitsAlive} circuits alive): heap {Mb(HeapPerCircuit, 2)} MB and RSS {Mb(ResidentPerCircuit, 2)} MB per circuit; {Latency}; " +
            $"while typing, {Cpu}";
    }

    /// <summary>The demo school, as Development seeds it, and what the count says for each word (asked of Core, as the grid does).</summary>
    private static async Task<School> SeedAsync(string database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Mediatheque"] = $"Data Source={database}",
            ["Mediatheque:Passwords:WorkFactor"] = "4", // the benchmark signs in once: the cost of seeding is not measured
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddMediathequeCore(configuration).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await scope.ServiceProvider.GetRequiredService<DemoSchool>().SeedIfEmptyAsync();
        await using var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<MediathequeDbContext>>()
            .CreateDbContextAsync();
        // The demo's Jules-Ferry, whose administrator the tabs sign in as.
        db.EnterSchool(db.Schools.Where(s => s.Uai == DemoSchool.JulesFerryUai).Select(s => s.Id).Single());
        var adminId = db.Users.Where(u => u.Login == Admin).Select(u => u.Id).Single();
        var directory = scope.ServiceProvider.GetRequiredService<UserFinder>();
        var counts = new Dictionary<string, string>();
        foreach (var word in Words)
        {
            counts[word] = FrenchCount.Users((await directory.SearchAsync(adminId, new UserQuery { Search = word })).Total);
        }

        var total = FrenchCount.Users((await directory.SearchAsync(adminId, new UserQuery())).Total);
        return new School(counts, total);
    }

    private static async Task<ICapacityClient> SignInAsync(string kind, string baseUrl, TabLog log) => kind switch
    {
        "light" => await LightClient.SignInAsync(baseUrl, Admin, DemoSchool.Accounts.Single(a => a.Login == Admin).Password, log),
        "chromium" => await ChromiumClient.SignInAsync(baseUrl, Admin, log),
        _ => throw new ArgumentException($"--client {kind}: light or chromium"),
    };

    /// <summary>Opens tabs a few at a time until there are <paramref name="count"/>.</summary>
    private static async Task OpenTabsAsync(ICapacityClient client, List<ICircuitTab> tabs, int count)
    {
        while (tabs.Count < count)
        {
            var batch = Math.Min(5, count - tabs.Count);
            tabs.AddRange(await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => client.OpenAsync())));
        }
    }

    /// <summary>The tabs that type: all of them, or <paramref name="typing"/> spread evenly among them.</summary>
    private static List<ICircuitTab> Typists(List<ICircuitTab> tabs, int typing) =>
        typing <= 0 || typing >= tabs.Count ? tabs : [.. tabs.Where((_, i) => i % (tabs.Count / typing) == 0).Take(typing)];

    /// <summary>Every tab types a name, waits for its count, pauses, clears, pauses, for the given time.</summary>
    private static async Task<List<Sample>> TypeEverywhereAsync(IReadOnlyList<ICircuitTab> tabs, School school, TimeSpan duration)
    {
        var until = DateTime.UtcNow + duration;
        var perTab = await Task.WhenAll(tabs.Select(async (tab, index) =>
        {
            var random = new Random(index);
            var samples = new List<Sample>();
            await Task.Delay(random.Next(1_000)); // not all in step
            while (DateTime.UtcNow < until)
            {
                var word = Words[random.Next(Words.Length)];
                samples.Add(await tab.TypeAsync(word, school.Counts[word]));
                await Task.Delay(random.Next(200, 800));
                samples.Add(await tab.ClearAsync(school.TotalText));
                await Task.Delay(random.Next(200, 800));
            }

            return samples;
        }));
        return perTab.SelectMany(s => s).ToList();
    }

    private static async Task<Memory> MeasureAsync(string root, PublishedApp app, string work, int circuits)
    {
        var heap = await HeapDump.CollectAsync(root, app.ProcessId, Path.Combine(work, $"circuits-{circuits}.gcdump"));
        return new Memory(heap, app.ResidentBytes, heap.CountOf("Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost"));
    }

    private static void PrintGrowth(HeapDump heap, HeapDump baseline, int circuits)
    {
        Console.WriteLine($"What each of {circuits} circuits holds: objects per circuit over the baseline, most first " +
                          "(bytes for fixed-size types; `--full-dump` for exact sizes of all):");
        foreach (var (type, count, bytes) in heap.GrowthSince(baseline).Take(30))
        {
            var size = bytes is { } b ? $"{b / (double)circuits / 1024,7:F1} KB" : new string(' ', 10);
            Console.WriteLine($"  {count / (double)circuits,8:F1} objects {size}  {type}");
        }
    }

    private static void Print(IReadOnlyList<Row> rows, Memory baseline)
    {
        Console.WriteLine();
        Console.WriteLine($"Baseline (no circuit): managed heap {Mb(baseline.Heap.Bytes)} MB, resident {Mb(baseline.Resident)} MB.");
        Console.WriteLine("| client | circuits | typing | managed heap MB per circuit | server heap MB | resident MB per circuit | keystroke → count p50 ms | p95 ms | " +
                          $"CPU while typing, share of {Environment.ProcessorCount} cores: server / client / machine | load average | samples |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Client} | {row.Tabs} | {row.Typing} | {Mb(row.HeapPerCircuit, 2)} | {Mb(row.HeapPerCircuit * row.Tabs + baseline.Heap.Bytes, 0)} | {Mb(row.ResidentPerCircuit, 2)} | {row.Latency.P50:F0} | {row.Latency.P95:F0} | " +
                              $"{row.Cpu.Server:P0} / {row.Cpu.Client:P0} / {row.Cpu.Machine:P0} | {row.Cpu.LoadAverage:F1} | {row.Latency.Describe()} |");
        }
    }

    private static string Mb(double bytes, int decimals = 1) => (bytes / 1_048_576).ToString($"F{decimals}", CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Mediatheque.Blazor.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run from the repository: Mediatheque.Blazor.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Keystroke → count latencies of one step: percentiles of the measured samples, and how many were not.</summary>
public sealed record Latency(double P50, double P95, int Measured, int AlreadyShown, int TimedOut)
{
    public static Latency Of(IReadOnlyCollection<Sample> samples)
    {
        var measured = samples.Where(s => s.Outcome == SampleOutcome.Measured).Select(s => s.Milliseconds).Order().ToArray();
        return new Latency(
            measured.Length > 0 ? Timing.Percentile(measured, 0.50) : double.NaN,
            measured.Length > 0 ? Timing.Percentile(measured, 0.95) : double.NaN,
            measured.Length,
            samples.Count(s => s.Outcome == SampleOutcome.AlreadyShown),
            samples.Count(s => s.Outcome == SampleOutcome.TimedOut));
    }

    public string Describe() =>
        $"{Measured}" + (AlreadyShown > 0 ? $", {AlreadyShown} already shown when typed (a prefix was searched while typing stalled)" : string.Empty)
                      + (TimedOut > 0 ? $", {TimedOut} timed out (30 s)" : string.Empty);

    public override string ToString() => $"keystroke → count p50 {P50:F0} ms, p95 {P95:F0} ms ({Describe()})";
}
