using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Import;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// Issue 22: a collège's SIECLE pupils' file (2,500 pupils, ~6 MB of XML as the register writes it, zipped as a school
/// uploads it) read and planned against the school in ≤ 2 s with bounded memory; and the rentrée (next year's list as the
/// whole list: most pupils move up, some leave, some arrive with a generated password) planned and applied in ≤ 5 s, on
/// SQLite and PostgreSQL. Wall-clock timings of whole operations, as the import benchmark.
/// </summary>
public static class SiecleBenchmark
{
    private const string Uai = "0999999Z";

    private static readonly string[] Levels = ["6e", "5e", "4e", "3e"];
    private static readonly string[] Mefs = ["10010012110", "10110001110", "10210001110", "10310019110"];
    private static readonly string[] Names = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU", "GUÉRIN", "FRANÇOIS"];
    private static readonly string[] FirstNames = ["Éloïse", "Zoé", "Noémie", "Chloé", "Jérôme", "Anaïs", "Maël", "Léa", "Inès", "Loïc", "Raphaël", "Jules"];

    public static async Task<int> RunAsync(string[] args)
    {
        var pupils = BenchmarkArgs.Option(args, "--pupils", 2_500);
        var arrivals = BenchmarkArgs.Option(args, "--arrivals", 60);
        var leavers = BenchmarkArgs.Option(args, "--leavers", 120);
        var workFactor = BenchmarkArgs.Option(args, "--work-factor", 11);
        var runs = BenchmarkArgs.Option(args, "--runs", 3);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var providers = args.Contains("--postgresql-only") ? [DatabaseProvider.PostgreSql]
            : args.Contains("--sqlite-only") ? [DatabaseProvider.Sqlite]
            : new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };
        var lastYear = Zip(Eleves(pupils, arrivals: 0, leavers: 0, year: 2025));
        var xml = Eleves(pupils, arrivals, leavers, year: 2026);
        var nextYear = Zip(xml);
        Console.WriteLine($"SIECLE benchmark: school of {pupils:N0} pupils; next year {leavers:N0} leave, {arrivals:N0} arrive, the others move up"
            + $" (a tenth with a new ELEVE_ID); BCrypt work factor {workFactor}, {Environment.ProcessorCount} cores; load average before: {BenchmarkArgs.LoadAverage()}");
        Console.WriteLine($"ElevesSansAdresses.xml: {xml.Length / 1048576.0:N2} MB of XML, {nextYear.Length / 1048576.0:N2} MB zipped");

        foreach (var provider in providers)
        {
            Console.WriteLine();
            Console.WriteLine($"On {provider}:");
            var planned = new List<double>();
            await using (var school = await College.CreateAsync(provider, workFactor, lastYear))
            {
                for (var i = 0; i <= runs; i++)
                {
                    // The first run pays the JIT and EF's query compilation once (a node that just started): shown, not counted.
                    var (read, plan, memory, preview) = await school.ReadAndPlanAsync(nextYear);
                    Console.WriteLine($"   read + plan{(i == 0 ? " (first, cold)" : $" run {i}")}: read {read:N2} s + plan {plan:N2} s = {read + plan:N2} s; {memory};"
                        + $" {preview.Updates.Count:N0} updated ({preview.Moves.Count:N0} moving class), {preview.Creates.Count:N0} created, {preview.Leaves.Count:N0} leaving");
                    if (i > 0)
                    {
                        planned.Add(read + plan);
                    }
                }
            }

            Console.WriteLine($"   read + plan: median {Median(planned):N2} s (target ≤ 2 s)");
            var applied = new List<double>();
            var slips = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                await using var school = await College.CreateAsync(provider, workFactor, lastYear);
                var (read, plan, apply, first, outcome) = await school.RentreeAsync(nextYear);
                Console.WriteLine($"   rentrée run {i + 1} (fresh school): read {read:N2} s + plan {plan:N2} s + apply the list {apply:N2} s = {read + plan + apply:N2} s;"
                    + $" then the first passwords {first:N2} s (last slip at {read + plan + apply + first:N2} s);"
                    + $" {outcome.Credentials.Count:N0} passwords generated, {outcome.Applied!.Leaves.Count:N0} parti, {outcome.Applied.Archived.Count} classes archived");
                applied.Add(read + plan + apply);
                slips.Add(read + plan + apply + first);
            }

            Console.WriteLine($"   rentrée: plan and apply median {Median(applied):N2} s (target ≤ 5 s); with the arrivals' first passwords, last slip at {Median(slips):N2} s");
        }

        await using (var hashing = await BenchmarkDatabase.CreateAsync(DatabaseProvider.Sqlite, workFactor))
        {
            var hasher = hashing.Services.GetRequiredService<PasswordHasher>();
            hasher.Hash("warm-up");
            var watch = Stopwatch.StartNew();
            Parallel.For(0, arrivals, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => hasher.Hash("bamiru47-" + i));
            Console.WriteLine();
            Console.WriteLine($"BCrypt alone for the {arrivals:N0} arrivals on every core, just after: {watch.Elapsed.TotalSeconds:N2} s");
        }

        Console.WriteLine($"Peak working set of the process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB; load average after: {BenchmarkArgs.LoadAverage()}");
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>
    /// BEE_ELEVES as SIECLE writes it, with the elements a real export carries and the reader skips (birthplace, regime,
    /// last year's school…), so that the file has a real export's size. Pupil i has INE i and level i mod 4; next year
    /// (<paramref name="year"/> 2026) pupils 0 to <paramref name="leavers"/>−1 are gone, the others are a level up (the 3e
    /// stay, repeating), every tenth has a new ELEVE_ID, and <paramref name="arrivals"/> new pupils join the 6e.
    /// </summary>
    private static string Eleves(int pupils, int arrivals, int leavers, int year)
    {
        var up = year > 2025 ? 1 : 0;
        var list = Enumerable.Range(leavers, pupils - leavers + arrivals)
            .Select(i => (Number: i, Level: i >= pupils ? 0 : Math.Min(3, i % 4 + up), EleveId: 100_000 + i + (up == 1 && i % 10 == 0 ? 500_000 : 0)))
            .ToList();
        var xml = new StringBuilder(8 * 1024 * 1024);
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="ISO-8859-15"?>
            <BEE_ELEVES VERSION="3.6">
            <PARAMETRES>
            <UAJ>{Uai}</UAJ>
            <ANNEE_SCOLAIRE>{year}</ANNEE_SCOLAIRE>
            <DATE_EXPORT>29/08/{year}</DATE_EXPORT>
            <HORODATAGE>29/08/{year} 08:12:40</HORODATAGE>
            </PARAMETRES>
            <DONNEES>
            <ELEVES>

            """);
        foreach (var (i, level, eleveId) in list)
        {
            var birth = $"{1 + i % 28:D2}/{1 + i % 12:D2}/{year - 11 - level}";
            xml.Append(CultureInfo.InvariantCulture, $"""
                <ELEVE ELEVE_ID="{eleveId}" ELENOET="{eleveId}9">
                <ID_NATIONAL>{i:D10}X</ID_NATIONAL>
                <ELENOET>{eleveId}9</ELENOET>
                <ID_ELEVE_ETAB>{eleveId}</ID_ELEVE_ETAB>
                <NOM_DE_FAMILLE>{Names[i % Names.Length]}{i / Names.Length}</NOM_DE_FAMILLE>
                <NOM_USAGE>{Names[i % Names.Length]}{i / Names.Length}</NOM_USAGE>
                <PRENOM>{FirstNames[i % FirstNames.Length]}</PRENOM>
                <PRENOM2>Marie</PRENOM2>
                <PRENOM3>Louise</PRENOM3>
                <DATE_NAISS>{birth}</DATE_NAISS>
                <DOUBLEMENT>0</DOUBLEMENT>
                <CODE_PAYS>100</CODE_PAYS>
                <ACCEPTE_SMS>1</ACCEPTE_SMS>
                <TEL_PORTABLE>06 12 34 {i % 100:D2} {i / 100 % 100:D2}</TEL_PORTABLE>
                <MEL>famille.{i}@example.fr</MEL>
                <CODE_REGIME>2</CODE_REGIME>
                <DATE_ENTREE>01/09/{year - level}</DATE_ENTREE>
                <CODE_MOTIF_SORTIE></CODE_MOTIF_SORTIE>
                <CODE_SEXE>{1 + i % 2}</CODE_SEXE>
                <CODE_DEPARTEMENT_NAISS>069</CODE_DEPARTEMENT_NAISS>
                <CODE_COMMUNE_INSEE_NAISS>69123</CODE_COMMUNE_INSEE_NAISS>
                <VILLE_NAISS>LYON</VILLE_NAISS>
                <ADHESION_TRANSPORT>0</ADHESION_TRANSPORT>
                <CODE_MEF>{Mefs[level]}</CODE_MEF>
                <CODE_STATUT>ST</CODE_STATUT>
                <CODE_PROVENANCE>1</CODE_PROVENANCE>
                <SCOLARITE_AN_DERNIER>
                <CODE_MEF>{Mefs[Math.Max(0, level - 1)]}</CODE_MEF>
                <CODE_RNE>0690001A</CODE_RNE>
                <SIGLE>CLG</SIGLE>
                <DENOM_PRINC>COLLEGE</DENOM_PRINC>
                <DENOM_COMPL>JEAN MOULIN</DENOM_COMPL>
                <LIGNE1_ADRESSE>{i % 200 + 1} RUE DE LA REPUBLIQUE</LIGNE1_ADRESSE>
                <LIGNE2_ADRESSE>BATIMENT {(char)('A' + i % 6)} ESCALIER {i % 4 + 1}</LIGNE2_ADRESSE>
                <LIGNE3_ADRESSE>RESIDENCE LES TILLEULS</LIGNE3_ADRESSE>
                <LIGNE4_ADRESSE></LIGNE4_ADRESSE>
                <CODE_POSTAL>69003</CODE_POSTAL>
                <LL_COMMUNE_INSEE>LYON 3E ARRONDISSEMENT</LL_COMMUNE_INSEE>
                <CODE_ACADEMIE>10</CODE_ACADEMIE>
                <LL_ACADEMIE>LYON</LL_ACADEMIE>
                </SCOLARITE_AN_DERNIER>
                <ADRESSE_ID>{800_000 + i}</ADRESSE_ID>
                <OPTIONS>
                <OPTION><NUM_OPTION>1</NUM_OPTION><CODE_MODALITE_ELECT>S</CODE_MODALITE_ELECT><CODE_MATIERE>030201</CODE_MATIERE></OPTION>
                <OPTION><NUM_OPTION>2</NUM_OPTION><CODE_MODALITE_ELECT>O</CODE_MODALITE_ELECT><CODE_MATIERE>030602</CODE_MATIERE></OPTION>
                <OPTION><NUM_OPTION>3</NUM_OPTION><CODE_MODALITE_ELECT>F</CODE_MODALITE_ELECT><CODE_MATIERE>020700</CODE_MATIERE></OPTION>
                </OPTIONS>
                <ADRESSE>
                <LIGNE1_ADRESSE>{i % 200 + 1} AVENUE JEAN JAURES</LIGNE1_ADRESSE>
                <LIGNE2_ADRESSE>APPARTEMENT {i % 90 + 10}, {i % 12 + 1}E ETAGE, PORTE GAUCHE EN SORTANT DE L'ASCENSEUR</LIGNE2_ADRESSE>
                <LIGNE3_ADRESSE>RESIDENCE DU PARC DE LA TETE D'OR, BATIMENT {(char)('A' + i % 6)}</LIGNE3_ADRESSE>
                <LIGNE4_ADRESSE>LIEU-DIT LES GRANDS CHAMPS</LIGNE4_ADRESSE>
                <CODE_POSTAL>69006</CODE_POSTAL>
                <LL_POSTAL>LYON</LL_POSTAL>
                <CODE_COMMUNE_INSEE>69386</CODE_COMMUNE_INSEE>
                <LL_COMMUNE_INSEE>LYON 6E ARRONDISSEMENT</LL_COMMUNE_INSEE>
                <CODE_PAYS>100</CODE_PAYS>
                <LL_PAYS>FRANCE</LL_PAYS>
                </ADRESSE>
                </ELEVE>

                """);
        }

        xml.Append("</ELEVES>\n<STRUCTURES>\n");
        foreach (var (i, level, eleveId) in list)
        {
            // 25 pupils a division (6A, 6B… 3Y); every fifth pupil in the LATIN group.
            var division = $"{6 - level}{(char)('A' + i / 4 % 25)}";
            xml.Append(CultureInfo.InvariantCulture, $"""
                <STRUCTURES_ELEVE ELEVE_ID="{eleveId}">
                <STRUCTURE><CODE_STRUCTURE>{division}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>
                {(i % 5 == 0 ? "<STRUCTURE><CODE_STRUCTURE>LATIN</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>" : string.Empty)}
                </STRUCTURES_ELEVE>

                """);
        }

        xml.Append("</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n");
        return xml.ToString();
    }

    private static byte[] Zip(string xml)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("ElevesSansAdresses.xml", CompressionLevel.Optimal).Open();
            entry.Write(Encoding.Latin1.GetBytes(xml));
        }

        return buffer.ToArray();
    }

    /// <summary>A temporary database holding one collège, its administrator and its pupils of last year.</summary>
    private sealed class College : IAsyncDisposable
    {
        private readonly BenchmarkDatabase database;
        private readonly string backups;
        private int adminId;

        private College(BenchmarkDatabase database, string backups) => (this.database, this.backups) = (database, backups);

        private static readonly ImportChoices Rentree = new() { AbsentPupilsLeave = true, CreateMissingGroups = true, GeneratePasswordsForNewPupils = true };

        public static async Task<College> CreateAsync(DatabaseProvider provider, int workFactor, byte[] lastYear)
        {
            var backups = Path.Combine(Path.GetTempPath(), $"mediatheque-bench-backups-{Guid.NewGuid():N}");
            var school = new College(await BenchmarkDatabase.CreateAsync(provider, workFactor, new Dictionary<string, string?>
            {
                ["Mediatheque:Backups:Folder"] = backups,
            }), backups);
            await using (var db = await school.database.Contexts.CreateDbContextAsync())
            {
                var now = DateTime.UtcNow;
                var row = new Mediatheque.Core.Schools.School { Name = "Collège du banc d'essai", Uai = Uai, CreatedAt = now };
                db.Schools.Add(row);
                await db.SaveChangesAsync();
                db.EnterSchool(row.Id);
                var admin = new User
                {
                    Nom = "LEBRUN", Prenom = "Claire", Profil = Profil.Administrateur, Login = "admin", CreatedAt = now, UpdatedAt = now,
                    Account = new Account { Login = "admin", CreatedAt = now },
                };
                db.Users.Add(admin);
                await db.SaveChangesAsync();
                school.adminId = admin.Id;
            }

            // Last year's list, without passwords (not what is measured): the pupils the rentrée finds again.
            await using var scope = school.database.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ImportService>();
            var file = service.Read("ElevesSansAdresses.zip", lastYear);
            var choices = new ImportChoices { CreateMissingGroups = true, GeneratePasswordsForNewPupils = false };
            var outcome = await service.ApplyAsync(school.adminId, file, choices, await service.PreviewAsync(school.adminId, file, choices));
            if (!outcome.Succeeded || outcome.Applied!.Creates.Count == 0)
            {
                throw new InvalidOperationException("Last year's list was not applied: " + outcome.Result.Message);
            }

            await school.database.SettleAsync();
            return school;
        }

        /// <summary>Reads the zipped file and previews it as the rentrée; the managed heap sampled every 5 ms meanwhile.</summary>
        public async Task<(double Read, double Plan, string Memory, ImportPreview Preview)> ReadAndPlanAsync(byte[] zip)
        {
            await using var scope = database.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ImportService>();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var peak = heapBefore;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                    await Task.Delay(5);
                }
            });
            var (file, preview, read, plan) = await ReadAndPreviewAsync(service, zip);
            await sampling.CancelAsync();
            await sampler;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            if (!file.IsReadable || preview.Issues.Count > 0 || preview.Brake is not null)
            {
                throw new InvalidOperationException($"The preview is not clean: {preview.Issues.FirstOrDefault()?.Message} {preview.Brake}");
            }

            return (read, plan, $"allocated {allocated / 1048576.0:N0} MB, managed heap peak {peak / 1048576.0:N0} MB ({(peak - heapBefore) / 1048576.0:N0} MB above before)", preview);
        }

        /// <summary>The upload read, then previewed as the rentrée: the file, its preview, and the seconds each took.</summary>
        private async Task<(ImportFile File, ImportPreview Preview, double Read, double Plan)> ReadAndPreviewAsync(ImportService service, byte[] zip)
        {
            var watch = Stopwatch.StartNew();
            var file = service.Read("ElevesSansAdresses.zip", zip);
            var read = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var preview = await service.PreviewAsync(adminId, file, Rentree);
            return (file, preview, read, watch.Elapsed.TotalSeconds);
        }

        /// <summary>
        /// The rentrée as the administrator does it: read, preview, then « Appliquer » (backup, one transaction: the page shows
        /// the result), then the arrivals' first passwords (BCrypt on every core, one transaction: the slips).
        /// </summary>
        public async Task<(double Read, double Plan, double Apply, double FirstPasswords, ImportOutcome Outcome)> RentreeAsync(byte[] zip)
        {
            await using var scope = database.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ImportService>();
            var (file, preview, read, plan) = await ReadAndPreviewAsync(service, zip);
            var watch = Stopwatch.StartNew();
            var listed = await service.ApplyListAsync(adminId, file, Rentree, preview);
            var apply = watch.Elapsed.TotalSeconds;
            if (!listed.Succeeded)
            {
                throw new InvalidOperationException("The rentrée failed: " + listed.Result.Message);
            }

            watch.Restart();
            var outcome = await service.SaveFirstPasswordsAsync(listed);
            var first = watch.Elapsed.TotalSeconds;
            if (outcome.WithoutPassword > 0 || outcome.Credentials.Count != listed.FirstPasswords?.Count)
            {
                throw new InvalidOperationException($"The first passwords were not all saved: {outcome.Credentials.Count} of {listed.FirstPasswords?.Count}.");
            }

            return (read, plan, apply, first, outcome);
        }

        public async ValueTask DisposeAsync()
        {
            await database.DisposeAsync();
            if (Directory.Exists(backups))
            {
                Directory.Delete(backups, recursive: true);
            }
        }
    }
}
