using Mediatheque.Core.Persistence;
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

/// <summary>Reads the journal, newest first, paged in the database, for an administrator as they are now.</summary>
public sealed class Journal(IDbContextFactory<MediathequeDbContext> factory, UserPolicy policy)
{
    public const string NotAllowed = "Seul un administrateur de la Médiathèque peut consulter le journal.";

    // French schools: the journal's days are Paris days, whatever the server's zone.
    private static readonly TimeZoneInfo SchoolZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTime ToSchoolTime(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), SchoolZone);

    public async Task<JournalPage> SearchAsync(int actorId, JournalQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!policy.CanAdminister(await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == actorId, cancellationToken)))
        {
            return new JournalPage([], 0, NotAllowed);
        }

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

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.ActorLogin!.ToLower() == actor);
        }

        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            var target = query.Target.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.TargetLogin!.ToLower() == target);
        }

        if (query.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        var total = await entries.CountAsync(cancellationToken);
        var lines = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(e => new JournalLine(e.Id, e.At, e.Action, e.ActorLogin, e.TargetLogin, e.Details, e.IpAddress))
            .ToListAsync(cancellationToken);
        return new JournalPage(lines, total);
    }

    private static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), SchoolZone);
}
