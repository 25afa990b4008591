using System.Globalization;
using CsvHelper;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Audit;

/// <summary>The « Journal » filters; dates are whole days, inclusive, in the school's time zone.</summary>
public sealed record JournalQuery(
    DateOnly? From = null,
    DateOnly? To = null,
    string? Actor = null,
    string? Target = null,
    AuditAction? Action = null,
    int Page = 0,
    int PageSize = 50);

public sealed record JournalLine(long Id, DateTime At, AuditAction Action, string? ActorLogin, string? TargetLogin, string? Details, string? IpAddress);

/// <summary>A page of the journal, or the reason the actor may not read it (then no line).</summary>
public sealed record JournalPage(IReadOnlyList<JournalLine> Lines, int Total, string? Refusal = null);

/// <summary>
/// Reads the journal, newest first, paged in the database, for an administrator as they are now: their school's lines
/// only (the context enters the actor's school, and the school filter keeps the others out).
/// </summary>
public sealed class Journal(IDbContextFactory<MediathequeDbContext> factory, UserPolicy policy)
{
    public const string NotAllowed = "Seul un administrateur de la Médiathèque peut consulter le journal.";

    // French schools: the journal's days are Paris days, whatever the server's zone.
    private static readonly TimeZoneInfo SchoolZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTime ToSchoolTime(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), SchoolZone);

    /// <summary>The school's day (Paris) of an instant.</summary>
    public static DateOnly SchoolDay(DateTime utc) => DateOnly.FromDateTime(ToSchoolTime(utc));

    /// <summary>When the school's day begins (Paris midnight), in UTC.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), SchoolZone);

    public async Task<JournalPage> SearchAsync(int actorId, JournalQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await RefusalAsync(db, actorId, query, cancellationToken) is { } refusal)
        {
            return new JournalPage([], 0, refusal);
        }

        var entries = Filtered(db, query);
        var total = await entries.CountAsync(cancellationToken);
        var lines = await Lines(entries).Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new JournalPage(lines, total);
    }

    /// <summary>
    /// Every line the filters select, newest first, as CSV for a spreadsheet, read from the database as it is written;
    /// the refusal, with nothing written, when the actor may not read the journal.
    /// </summary>
    public async Task<string?> ExportAsync(int actorId, JournalQuery query, Stream output, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await RefusalAsync(db, actorId, query, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        // As the credentials CSV: « ; », a BOM for French Excel, cells starting with « = » defused (CSV injection).
        var options = CsvWriterOptions.Default with { Separator = ';', WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        await using (var writer = CsvWriter.Create(output, options, leaveOpen: true))
        {
            writer.WriteHeader(["Date", "Action", "Par", "Utilisateur concerné", "Détails", "Adresse"]);
            await foreach (var line in Lines(Filtered(db, query)).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                writer.WriteRecord([
                    ToSchoolTime(line.At).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture), line.Action.Label(),
                    line.ActorLogin ?? string.Empty, line.TargetLogin ?? string.Empty, line.Details ?? string.Empty, line.IpAddress ?? string.Empty]);
            }
        }

        return null;
    }

    private async Task<string?> RefusalAsync(MediathequeDbContext db, int actorId, JournalQuery query, CancellationToken cancellationToken)
    {
        if (!policy.CanAdminister(await db.ActorAsync(actorId, cancellationToken)))
        {
            return NotAllowed;
        }

        return query is { From: { } from, To: { } to } && from > to
            ? $"La date de début ({from:dd/MM/yyyy}) est après la date de fin ({to:dd/MM/yyyy}) : aucune entrée ne peut s'y trouver. Inversez-les."
            : null;
    }

    private static IQueryable<AuditEntry> Filtered(MediathequeDbContext db, JournalQuery query)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (query.From is { } from)
        {
            var start = StartOfDayUtc(from);
            entries = entries.Where(e => e.At >= start);
        }

        if (query.To is { } to)
        {
            var end = StartOfDayUtc(to.AddDays(1));
            entries = entries.Where(e => e.At < end);
        }

        if (Named(db, query.Actor) is var (actorLogin, actors))
        {
            entries = entries.Where(e => actors.Contains(e.ActorId) || e.ActorLogin!.ToLower().StartsWith(actorLogin));
        }

        if (Named(db, query.Target) is var (targetLogin, targets))
        {
            entries = entries.Where(e => targets.Contains(e.TargetId) || e.TargetLogin!.ToLower().StartsWith(targetLogin));
        }

        if (query.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        return entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
    }

    /// <summary>
    /// « paq », « BESSON », « marion bes »: the users a word (or several) names by the start of their name, first name or
    /// login, as the grid's search does; and the typed text as the start of a login copied into the journal (a user since
    /// renamed or removed).
    /// </summary>
    private static (string Login, IQueryable<int?> Ids)? Named(MediathequeDbContext db, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var users = db.Users.AsQueryable();
        foreach (var word in TextFolding.FoldWords(text))
        {
            var inside = " " + word;
            users = users.Where(u => u.SearchKey.StartsWith(word) || u.SearchKey.Contains(inside));
        }

        return (text.Trim().ToLowerInvariant(), users.Select(u => (int?)u.Id));
    }

    private static IQueryable<JournalLine> Lines(IQueryable<AuditEntry> entries) =>
        entries.Select(e => new JournalLine(e.Id, e.At, e.Action, e.ActorLogin, e.TargetLogin, e.Details, e.IpAddress));
}
