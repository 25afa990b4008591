using Mediatheque.Core.Audit;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Notices;

/// <summary>What one pass of the sender did.</summary>
public sealed record NoticeRun(int Expanded, int Sent, int Retried, int Failed);

/// <summary>
/// One pass of the sender, on whichever node runs it: turns new credential changes into notices, then sends what is due.
/// Two nodes on one database never send a notice twice. Expanding a change is one transaction whose first statement
/// marks the change (« not yet expanded », by its affected-row count: the other node's statement waits for the row and
/// then finds it done). Sending claims a batch with one conditional UPDATE (« pending, due, unclaimed or claim run out »)
/// setting a claim of its own; only the notices carrying that claim are sent. Portable EF Core, both engines alike,
/// as <see cref="Jobs.JobLeases"/> and the lockout. A node that dies while holding a claim delays its notices until the
/// claim runs out (<see cref="ClaimDuration"/>); one that dies between the server's « accepted » and its own mark may
/// send that one notice again: at least once, never lost.
/// </summary>
public sealed class NoticeDelivery(
    IDbContextFactory<MediathequeDbContext> factory,
    NoticeComposer composer,
    SmtpMailer mailer,
    AuditLog audit,
    TimeProvider clock,
    IOptions<MailOptions> options,
    ILogger<NoticeDelivery> logger)
{
    public const int BatchSize = 50;

    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);

    /// <summary>Sent notices, and the changes behind them, are kept this long (the journal keeps the lines for good).</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(30);

    public async Task<NoticeRun> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (!mailer.IsConfigured)
        {
            return new NoticeRun(0, 0, 0, 0);
        }

        var expanded = await ExpandAsync(cancellationToken);
        int sent = 0, retried = 0, failed = 0;
        while (await ClaimAsync(cancellationToken) is { Count: > 0 } batch)
        {
            var outcome = await SendAsync(batch.Db, batch.Notices, cancellationToken);
            await batch.Db.DisposeAsync();
            (sent, retried, failed) = (sent + outcome.Sent, retried + outcome.Retried, failed + outcome.Failed);
            if (outcome.Sent == 0)
            {
                // The server is down or refuses everything: the rest waits for its next attempt.
                break;
            }
        }

        return new NoticeRun(expanded, sent, retried, failed);
    }

    private async Task<int> ExpandAsync(CancellationToken cancellationToken)
    {
        var expanded = 0;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var changes = await db.CredentialChanges.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]).AsNoTracking().Where(c => c.ExpandedAt == null)
                .OrderBy(c => c.Id).Take(20).ToListAsync(cancellationToken);
            if (changes.Count == 0)
            {
                return expanded;
            }

            foreach (var change in changes)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                // Each change is composed in its own school: its users, their representatives, its settings and name.
                await using var school = await factory.CreateDbContextAsync(cancellationToken);
                school.EnterSchool(change.SchoolId);
                var notices = await composer.ComposeAsync(school, change, now, cancellationToken);
                await using var transaction = await school.Database.BeginTransactionAsync(cancellationToken);
                var mine = await school.CredentialChanges.Where(c => c.Id == change.Id && c.ExpandedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpandedAt, now), cancellationToken);
                if (mine == 0)
                {
                    // Another node expanded it meanwhile.
                    continue;
                }

                school.Notices.AddRange(notices);
                await school.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                expanded++;
            }
        }
    }

    private sealed record Batch(MediathequeDbContext Db, List<Notice> Notices)
    {
        public int Count => Notices.Count;
    }

    /// <summary>The due notices this pass may send, claimed; tracked by the batch's own context.</summary>
    private async Task<Batch?> ClaimAsync(CancellationToken cancellationToken)
    {
        var db = await factory.CreateDbContextAsync(cancellationToken);
        var claim = Guid.NewGuid().ToString("N");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var candidates = await Claimable(AllSchools(db), now).OrderBy(n => n.NextAttemptAt).ThenBy(n => n.Id)
                .Select(n => n.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                break;
            }

            var until = now + ClaimDuration;
            var claimed = await Claimable(AllSchools(db).Where(n => candidates.Contains(n.Id)), now)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimedBy, claim).SetProperty(n => n.ClaimedUntil, until), cancellationToken);
            if (claimed > 0)
            {
                var notices = await AllSchools(db).Where(n => candidates.Contains(n.Id) && n.ClaimedBy == claim)
                    .OrderBy(n => n.Id).ToListAsync(cancellationToken);
                return new Batch(db, notices);
            }

            // Another node claimed these very rows first: look again, past them.
        }

        await db.DisposeAsync();
        return null;
    }

    /// <summary>The sender works for every school: it looks past the school filter, and each notice carries its school.</summary>
    private static IQueryable<Notice> AllSchools(MediathequeDbContext db) => db.Notices.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]);

    private static IQueryable<Notice> Claimable(IQueryable<Notice> notices, DateTime now) =>
        notices.Where(n => n.Status == NoticeStatus.Pending && n.NextAttemptAt <= now && (n.ClaimedUntil == null || n.ClaimedUntil <= now));

    private async Task<(int Sent, int Retried, int Failed)> SendAsync(MediathequeDbContext db, List<Notice> batch, CancellationToken cancellationToken)
    {
        int sent = 0, failed = 0;
        var users = await JournalUsersAsync(db, batch, cancellationToken);
        SmtpSession? session = null;
        try
        {
            session = await mailer.ConnectAsync(cancellationToken);
        }
        catch (MailFailure failure)
        {
            foreach (var notice in batch)
            {
                failed += await FailAsync(db, notice, failure, users, cancellationToken) ? 1 : 0;
            }

            return (0, batch.Count - failed, failed);
        }

        await using (session)
        {
            foreach (var notice in batch)
            {
                if (!session.IsConnected)
                {
                    // The connection broke on an earlier notice: the rest waits for the next attempt.
                    failed += await FailAsync(db, notice, new MailFailure("La connexion au serveur de courrier a été coupée.", permanent: false), users, cancellationToken) ? 1 : 0;
                    continue;
                }

                try
                {
                    await session.SendAsync(notice.Recipient, notice.Subject, notice.Body, cancellationToken);
                }
                catch (MailFailure failure)
                {
                    failed += await FailAsync(db, notice, failure, users, cancellationToken) ? 1 : 0;
                    continue;
                }

                // Marked at once, each on its own: a crash now re-sends at most this one.
                notice.Status = NoticeStatus.Sent;
                notice.SentAt = clock.GetUtcNow().UtcDateTime;
                notice.Attempts++;
                notice.LastError = null;
                Release(notice);
                Journal(db, notice, AuditAction.NoticeSent, null, users);
                await SaveAsync(db, cancellationToken);
                sent++;
            }
        }

        return (sent, batch.Count - sent - failed, failed);
    }

    /// <summary>Schedules the next attempt (30 s, 1 min, 2 min… up to <see cref="MailOptions.MaxRetryMinutes"/>), or gives up; true when it gave up.</summary>
    private async Task<bool> FailAsync(
        MediathequeDbContext db, Notice notice, MailFailure failure, IReadOnlyDictionary<int, User> users, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var reason = EmailMask.MaskIn(failure.Reason, notice.Recipient);
        notice.Attempts++;
        notice.LastError = reason.Length > 500 ? reason[..500] : reason;
        Release(notice);
        var givesUp = failure.Permanent || now - notice.CreatedAt >= TimeSpan.FromHours(options.Value.GiveUpHours);
        if (givesUp)
        {
            notice.Status = NoticeStatus.Failed;
            Journal(db, notice, AuditAction.NoticeFailed, notice.LastError, users);
        }
        else
        {
            var delay = TimeSpan.FromSeconds(options.Value.RetrySeconds * Math.Pow(2, Math.Min(notice.Attempts - 1, 20)));
            var longest = TimeSpan.FromMinutes(options.Value.MaxRetryMinutes);
            notice.NextAttemptAt = now + (delay < longest ? delay : longest);
        }

        logger.LogWarning("Notice {NoticeId} to {Recipient} not delivered (attempt {Attempts}{Outcome}): {Reason}",
            notice.Id, EmailMask.Mask(notice.Recipient), notice.Attempts, givesUp ? ", given up" : string.Empty, notice.LastError);
        await SaveAsync(db, cancellationToken);
        return givesUp;
    }

    private static void Release(Notice notice)
    {
        notice.ClaimedBy = null;
        notice.ClaimedUntil = null;
    }

    private static async Task SaveAsync(MediathequeDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The claim ran out and another node took the notice over: its outcome is that node's to record.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Issue 23: each delivery in the journal, once per user it is about, the recipient masked.</summary>
    private void Journal(MediathequeDbContext db, Notice notice, AuditAction action, string? reason, IReadOnlyDictionary<int, User> users)
    {
        var to = EmailMask.Mask(notice.Recipient) + (notice.ToLegalRepresentative ? " (responsable légal)" : string.Empty);
        var details = action == AuditAction.NoticeSent
            ? $"Avis « {NoticeText.Label(notice.Kind)} » envoyé à {to}"
            : $"Avis « {NoticeText.Label(notice.Kind)} » non remis à {to} : {reason}";
        foreach (var id in notice.Users())
        {
            audit.Add(db, action, null, users.GetValueOrDefault(id) ?? new User { Id = id, SchoolId = notice.SchoolId }, details.Length > 2000 ? details[..2000] : details);
        }
    }

    /// <summary>The logins the journal lines name, read once for the batch.</summary>
    private static async Task<IReadOnlyDictionary<int, User>> JournalUsersAsync(MediathequeDbContext db, List<Notice> batch, CancellationToken cancellationToken)
    {
        var ids = batch.SelectMany(n => n.Users()).Distinct().ToList();
        var rows = await db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]).AsNoTracking()
            .Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Login, u.SchoolId }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => new User { Id = r.Id, Login = r.Login, SchoolId = r.SchoolId });
    }

    /// <summary>Sent notices older than <see cref="Kept"/> go (they hold names), failed ones after twice that, and their changes.</summary>
    public async Task PurgeAsync(CancellationToken cancellationToken = default)
    {
        var before = clock.GetUtcNow().UtcDateTime - Kept;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await AllSchools(db).Where(n => n.Status == NoticeStatus.Sent && n.SentAt < before).ExecuteDeleteAsync(cancellationToken);
        await AllSchools(db).Where(n => n.Status == NoticeStatus.Failed && n.CreatedAt < before - Kept).ExecuteDeleteAsync(cancellationToken);
        var notices = AllSchools(db);
        await db.CredentialChanges.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter])
            .Where(c => c.ExpandedAt < before && !notices.Any(n => n.ChangeId == c.Id)).ExecuteDeleteAsync(cancellationToken);
    }
}
