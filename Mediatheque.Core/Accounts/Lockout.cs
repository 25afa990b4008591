using System.Security.Cryptography;
using System.Text;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Accounts;

/// <summary>
/// Whether an attempt may have its password checked; until when the login is locked if not; and whether this
/// attempt took the last place (it locked the login: the journal says so once).
/// </summary>
public sealed record Admission(bool Admitted, DateTime? LockedUntil, bool TookLastPlace = false);

/// <summary>
/// The lockout, per typed login: at most <see cref="SignInOptions.MaxFailedAttempts"/> passwords are ever checked
/// in a lockout window, however many attempts arrive at once. Each attempt is counted in the database, atomically
/// (guarded UPDATEs whose row counts say which place it got), BEFORE its password is checked; the attempt
/// that takes the last place locks the login for <see cref="SignInOptions.LockoutMinutes"/>, and a right password
/// starts the count again. A run of failures older than the window is forgotten. Logins that match no account are
/// counted by the same rule on <see cref="UnknownLogin"/> rows, so the lockout never tells whether a login exists.
/// Portable EF Core only (ExecuteUpdate, row counts): SQLite and PostgreSQL alike.
/// </summary>
public sealed class Lockout(IOptions<SignInOptions> options, NoticeOutbox notices, TimeProvider clock)
{
    private TimeSpan Window => TimeSpan.FromMinutes(options.Value.LockoutMinutes);

    /// <summary>
    /// Counts an attempt on <paramref name="account"/>'s row, or on the unknown login's row when no account has this login,
    /// and says whether its password may be checked. Refused attempts are not counted: the login is locked already.
    /// </summary>
    public async Task<Admission> AdmitAsync(MediathequeDbContext db, Account? account, string typedLogin, CancellationToken cancellationToken)
    {
        // To the millisecond, which both databases store exactly: a lock read back compares with the instant that set it.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        if (account is not null)
        {
            var accounts = db.Accounts.Where(a => a.Id == account.Id);
            // Issue 23: a staff account's lock is told by a notice, whose outbox row is written in the lock's own
            // transaction (the caller's context holds no change yet at the start of an attempt). The account's rows
            // in its schools say whether it is staff, and which schools' notices tell it.
            var told = notices.Enabled ? await ToldOfLockAsync(db, account.Id, cancellationToken) : [];
            await using var transaction = told.Count > 0 && db.Database.CurrentTransaction is null
                ? await db.Database.BeginTransactionAsync(cancellationToken)
                : null;
            var admission = await AdmitAsync(accounts, now, insertFirst: null, cancellationToken);
            if (transaction is not null)
            {
                if (admission.TookLastPlace)
                {
                    notices.Add(db, CredentialChangeKind.LockedOut, null, told);
                    await db.SaveChangesAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            return admission;
        }

        var hash = Hash(typedLogin);
        return await AdmitAsync(db.UnknownLogins.Where(l => l.LoginHash == hash), now,
            () => TryInsertFirstAsync(db, hash, now, cancellationToken), cancellationToken);
    }

    /// <summary>The account's active rows a lock notice tells of (staff only, in each of their schools); looks past the school filter.</summary>
    private async Task<List<Users.User>> ToldOfLockAsync(MediathequeDbContext db, int accountId, CancellationToken cancellationToken) =>
        (await db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]).AsNoTracking()
            .Where(u => u.AccountId == accountId && u.IsActive).ToListAsync(cancellationToken))
        .Where(u => notices.Tells(CredentialChangeKind.LockedOut, u)).ToList();

    /// <summary>Until when the login is locked now (after a failed check, to choose the message), or null.</summary>
    public async Task<DateTime?> LockedUntilAsync(MediathequeDbContext db, Account? account, string typedLogin, CancellationToken cancellationToken)
    {
        var until = account is not null
            ? await LockedUntilAsync(db.Accounts.Where(a => a.Id == account.Id), cancellationToken)
            : await LockedUntilAsync(db.UnknownLogins.Where(l => l.LoginHash == Hash(typedLogin)), cancellationToken);
        return until > clock.GetUtcNow().UtcDateTime ? until : null;
    }

    /// <summary>A right password: the count starts again (and an attempt's own lock, if it took the last place, is lifted).</summary>
    public Task ClearAsync(MediathequeDbContext db, Account account, CancellationToken cancellationToken) =>
        db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.FailedSignInCount, 0)
            .SetProperty(a => a.FirstFailedSignInAt, (DateTime?)null)
            .SetProperty(a => a.LockedUntil, (DateTime?)null), cancellationToken);

    public static string LockedMessage(DateTime until, DateTime now)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes));
        return $"Trop d'essais : ce compte est verrouillé pendant {minutes} minute{(minutes > 1 ? "s" : "")}. " +
               "Réessayez plus tard ou demandez à un enseignant ou à un administrateur de le déverrouiller.";
    }

    /// <summary>
    /// One pass takes a place (a guarded UPDATE that matched the row), or finds the login locked (refused), or finds
    /// that the row changed between its statements — another attempt created it (two first attempts at an unknown
    /// login), a right password cleared it — and counts again: an attempt is refused only when it saw the lock.
    /// A missing unknown login's row is created already counting this attempt; the loser of two such inserts fails
    /// on the key and counts on the winner's row on its next pass. Every failed pass means another attempt moved
    /// the row on, so a few passes always settle.
    /// </summary>
    private async Task<Admission> AdmitAsync<T>(IQueryable<T> row, DateTime now, Func<Task<bool>>? insertFirst, CancellationToken cancellationToken)
        where T : class, ISignInCounter
    {
        for (var pass = 0; pass < 5; pass++)
        {
            if (await TakePlaceAsync(row, now, last: false, cancellationToken) == 1)
            {
                return new Admission(true, null);
            }

            if (await TakePlaceAsync(row, now, last: true, cancellationToken) == 1)
            {
                return new Admission(true, null, TookLastPlace: true);
            }

            var state = await row.Select(c => new { c.LockedUntil }).FirstOrDefaultAsync(cancellationToken);
            if (state is null)
            {
                if (insertFirst is null)
                {
                    // The account was deleted meanwhile: nothing to check a password against.
                    return new Admission(false, null);
                }

                if (await insertFirst())
                {
                    return new Admission(true, null, TookLastPlace: options.Value.MaxFailedAttempts <= 1);
                }
            }
            else if (state.LockedUntil > now)
            {
                return new Admission(false, state.LockedUntil);
            }
        }

        throw new InvalidOperationException("The sign-in attempt could not be counted.");
    }

    /// <summary>
    /// The guarded UPDATE: only when not locked; a run that was locked (the lock has run out) or is older than the
    /// window starts again at 1. Two statements, so that the row count says which place was taken: one for the places
    /// before the last, one for the last place, which sets the lock (the journal says « verrouillé » once, for the
    /// attempt that did it). Every SET and WHERE reads the row as it was before the statement (SQL semantics, SQLite
    /// and PostgreSQL alike), and the WHERE is checked under the row's write lock, so two attempts never take the same place.
    /// </summary>
    private async Task<int> TakePlaceAsync<T>(IQueryable<T> row, DateTime now, bool last, CancellationToken cancellationToken)
        where T : class, ISignInCounter
    {
        var max = options.Value.MaxFailedAttempts;
        var windowStart = now - Window;
        DateTime? lockedUntil = last ? now + Window : null;
        var unlocked = row.Where(c => c.LockedUntil == null || c.LockedUntil <= now);
        var places = last
            ? unlocked.Where(c => (c.LockedUntil != null || c.FirstFailedSignInAt == null || c.FirstFailedSignInAt < windowStart ? 1 : c.FailedSignInCount + 1) >= max)
            : unlocked.Where(c => (c.LockedUntil != null || c.FirstFailedSignInAt == null || c.FirstFailedSignInAt < windowStart ? 1 : c.FailedSignInCount + 1) < max);
        return await places.ExecuteUpdateAsync(s => s
                .SetProperty(c => c.FailedSignInCount, c =>
                    c.LockedUntil != null || c.FirstFailedSignInAt == null || c.FirstFailedSignInAt < windowStart ? 1 : c.FailedSignInCount + 1)
                .SetProperty(c => c.FirstFailedSignInAt, c =>
                    c.LockedUntil != null || c.FirstFailedSignInAt == null || c.FirstFailedSignInAt < windowStart ? now : c.FirstFailedSignInAt)
                .SetProperty(c => c.LockedUntil, lockedUntil),
            cancellationToken);
    }

    private static Task<DateTime?> LockedUntilAsync<T>(IQueryable<T> row, CancellationToken cancellationToken)
        where T : class, ISignInCounter =>
        row.Select(c => c.LockedUntil).FirstOrDefaultAsync(cancellationToken);

    private async Task<bool> TryInsertFirstAsync(MediathequeDbContext db, string hash, DateTime now, CancellationToken cancellationToken)
    {
        // Forgotten runs of other unknown logins go at the same time: the table holds only live counts.
        var windowStart = now - Window;
        await db.UnknownLogins
            .Where(l => l.FirstFailedSignInAt < windowStart && (l.LockedUntil == null || l.LockedUntil <= now))
            .ExecuteDeleteAsync(cancellationToken);

        var row = new UnknownLogin
        {
            LoginHash = hash,
            FailedSignInCount = 1,
            FirstFailedSignInAt = now,
            LockedUntil = options.Value.MaxFailedAttempts <= 1 ? now + Window : null,
        };
        db.UnknownLogins.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>What is kept of a typed login: a hash of it trimmed and lower-cased (logins match ignoring case).</summary>
    internal static string Hash(string typedLogin) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(typedLogin.Trim().ToLowerInvariant())));
}
