using System.Globalization;
using System.Text.RegularExpressions;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Jobs;
using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Backups;

/// <summary>A backup taken (its file), not needed (the engine is backed up by its own tools), or failed (why, in French).</summary>
public sealed record BackupOutcome(bool Succeeded, string? Path, string Message);

/// <summary>
/// Issue 21, « a backup first »: before a rentrée (and any import that makes pupils leave) is applied, and each night
/// before the daily job of the accounts, the database is copied. SQLite copies itself online (VACUUM INTO: readers and
/// writers go on meanwhile) into App_Data/backups/, keeping the newest <see cref="BackupOptions.Keep"/> files.
/// PostgreSQL is backed up by pg_dump on the server's own schedule (README, « Backups »): the app does not copy it,
/// refuses nothing for it, and says so before anything is applied.
/// </summary>
public sealed partial class DatabaseBackup(
    IDbContextFactory<MediathequeDbContext> factory,
    IDatabaseEngine engine,
    IOptions<BackupOptions> options,
    JobLeases leases,
    TimeProvider clock,
    ILogger<DatabaseBackup> logger)
{
    public const string FilePrefix = "mediatheque-";

    public const string NightlyLease = "sauvegarde-quotidienne";

    public const string NotByTheApp =
        "La Médiathèque ne sauvegarde pas elle-même une base PostgreSQL : vérifiez que la sauvegarde pg_dump de cette nuit a bien eu lieu "
        + "(README, « Backups ») avant d'appliquer.";

    /// <summary>Whether the app backs the database up itself (SQLite).</summary>
    public bool BacksUpItself => engine.CanBackUp;

    /// <summary>What the preview says before anything is applied.</summary>
    public string Notice => BacksUpItself
        ? "Avant d'appliquer, la Médiathèque fait une sauvegarde complète de la base (dossier des sauvegardes, « backups » à côté de la base)."
        : NotByTheApp;

    /// <summary>A backup now, into a new file of the folder; the oldest beyond the retention are removed afterwards.</summary>
    public async Task<BackupOutcome> TakeAsync(string reason, CancellationToken cancellationToken = default)
    {
        if (!BacksUpItself)
        {
            return new BackupOutcome(true, null, NotByTheApp);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var folder = Folder(db);
        var at = Journal.ToSchoolTime(clock.GetUtcNow().UtcDateTime);
        var path = Path.Combine(folder, $"{FilePrefix}{at:yyyyMMdd-HHmmss}.db");
        try
        {
            Directory.CreateDirectory(folder);
            for (var n = 2; File.Exists(path); n++)
            {
                path = Path.Combine(folder, $"{FilePrefix}{at:yyyyMMdd-HHmmss}-{n}.db");
            }

            await engine.BackUpAsync(db, path, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The database backup ({Reason}) into {Path} failed", reason, path);
            TryDelete(path);
            return new BackupOutcome(false, null,
                $"La sauvegarde de la base a échoué ({e.Message.Trim()}) : vérifiez l'espace disque et les droits du dossier « {folder} ».");
        }

        logger.LogInformation("Database backed up ({Reason}) into {Path}", reason, path);
        Prune(folder);
        return new BackupOutcome(true, path, $"Sauvegarde de la base faite avant d'appliquer : {path}");
    }

    /// <summary>The night's backup, once a school day across every node; null when there is nothing to do (done, PostgreSQL, off).</summary>
    public async Task<BackupOutcome?> TakeNightlyAsync(CancellationToken cancellationToken = default)
    {
        if (!BacksUpItself || !options.Value.Nightly)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var attempt = await leases.TryAcquireAsync(NightlyLease, TimeSpan.FromHours(1), cancellationToken, Journal.StartOfDayUtc(Journal.SchoolDay(now)));
        if (attempt.Lease is not { } lease)
        {
            return null;
        }

        await using (lease)
        {
            var outcome = await TakeAsync("nightly", cancellationToken);
            if (outcome.Succeeded)
            {
                await lease.CompleteAsync(cancellationToken);
            }

            return outcome;
        }
    }

    /// <summary>The backup files, newest first (their names sort by date).</summary>
    public IReadOnlyList<string> Files()
    {
        using var db = factory.CreateDbContext();
        var folder = Folder(db);
        return Directory.Exists(folder) ? NewestFirst(folder) : [];
    }

    /// <summary>
    /// The app's backup files of the folder, newest first: by the date in their name, then by the « -2 », « -3 »… of backups
    /// taken within the same second (sorting the names alone put « …-103000.db » after « …-103000-2.db », and the retention
    /// then removed the backup just taken). Files of other names (an administrator's copy) are neither listed nor removed.
    /// </summary>
    private static List<string> NewestFirst(string folder) =>
        Directory.GetFiles(folder, FilePrefix + "*.db")
            .Select(path => (Path: path, Name: BackupName().Match(Path.GetFileName(path))))
            .Where(f => f.Name.Success)
            .OrderByDescending(f => f.Name.Groups["at"].Value, StringComparer.Ordinal)
            .ThenByDescending(f => f.Name.Groups["n"].Success ? int.Parse(f.Name.Groups["n"].Value, CultureInfo.InvariantCulture) : 1)
            .Select(f => f.Path)
            .ToList();

    [GeneratedRegex(@"^mediatheque-(?<at>\d{8}-\d{6})(-(?<n>\d{1,6}))?\.db$")]
    private static partial Regex BackupName();

    private string Folder(MediathequeDbContext db) =>
        string.IsNullOrWhiteSpace(options.Value.Folder)
            ? engine.DefaultBackupFolder(db.Database.GetConnectionString()!)!
            : Path.GetFullPath(options.Value.Folder);

    private void Prune(string folder)
    {
        var keep = Math.Max(1, options.Value.Keep);
        foreach (var old in NewestFirst(folder).Skip(keep))
        {
            TryDelete(old);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not remove the old backup {Path}", path);
        }
    }
}
