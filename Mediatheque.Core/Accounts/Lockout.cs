using System.Security.Cryptography;
using System.Text;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
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
/// (one guarded UPDATE whose row count says whether it got a place), BEFORE its password is checked; the attempt
/// that takes the last place locks the login for <see cref="SignInOptions.LockoutMinutes"/>, and a right password
/// starts the count again. A run of failures older than the window is forgotten. Logins that match no account are
/// counted by the same rule on <see cref="UnknownLogin"/> rows, so the lockout never tells whether a login exists.
/// Portable EF Core only (ExecuteUpdate, row counts): SQLite and PostgreSQL alike.
/// </summary>
public sealed class Lockout(IOptions<SignInOptions> options, NoticeOutbox notices, TimeProvider clock)
{
    private TimeSpan Window => TimeSpan.FromMinutes(options.Value.LockoutMinutes);

    /// <summary>
    /// Counts an attempt on <paramref name="user"/>'s row, or on the unknown login's row when no account has this login,
    /// and says whether its password may be checked. Refused attempts are not counted: the login is locked already.
    /// </summary>
    public async Task<Admission> AdmitAsync(MediathequeDbContext db, User? user, string typedLogin, CancellationToken cancellationToken)
    {
        // To the millisecond, which both databases store exactly: the lock this attempt may set is recognised below.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        if (user is not null)
        {
            var users = db.Users.Where(u => u.Id == user.Id);
            // Issue 23: a staff account's lock is told by a notice, whose outbox row is written in the lock's own
            // transaction (the caller's context holds no change yet at the start of an attempt).
            await using var transaction = notices.Tells(CredentialChangeKind.LockedOut, user) && db.Database.CurrentTransaction is null
                ? await db.Database.BeginTransactionAsync(cancellationToken)
                : null;
            if (await CountAsync(users, now, cancellationToken) != 1)
            {
                return new Admission(false, await LockedUntilAsync(users, cancellationToken));
            }

            var admission = await AdmittedAsync(users, now, cancellationToken);
            if (transaction is not null)
            {
                if (admission.TookLastPlace)
                {
                    notices.Add(db, CredentialChangeKind.LockedOut, null, [user]);
                    await db.SaveChangesAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            return admission;
        }

        var hash = Hash(typedLogin);
        var unknown = db.UnknownLogins.Where(l => l.LoginHash == hash);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await CountAsync(unknown, now, cancellationToken) == 1)
            {
                return await AdmittedAsync(unknown, now, cancellationToken);
            }

            if (await unknown.AnyAsync(cancellationToken))
            {
                return new Admission(false, await LockedUntilAsync(unknown, cancellationToken));
            }

            // First attempt with this login: the row is created already counting it. Two first attempts at once both
            // insert; the loser's insert fails on the key and it counts on the winner's row instead.
            if (await TryInsertFirstAsync(db, hash, now, cancellationToken))
            {
                return await AdmittedAsync(unknown, now, cancellationToken);
            }
        }

        throw new InvalidOperationException("The unknown login's attempt could not be counted.");
    }

    /// <summary>Until when the login is locked now (after a failed check, to choose the message), or null.</summary>
    public async Task<DateTime?> LockedUntilAsync(MediathequeDbContext db, User? user, string typedLogin, CancellationToken cancellationToken)
    {
        var until = user is not null
            ? await LockedUntilAsync(db.Users.Where(u => u.Id == user.Id), cancellationToken)
            : await LockedUntilAsync(db.UnknownLogins.Where(l => l.LoginHash == Hash(typedLogin)), cancellationToken);
        return until > clock.GetUtcNow().UtcDateTime ? until : null;
    }

    /// <summary>A right password: the count starts again (and an attempt's own lock, if it took the last place, is lifted).</summary>
    public Task ClearAsync(MediathequeDbContext db, User user, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FailedSignInCount, 0)
            .SetProperty(u => u.FirstFailedSignInAt, (DateTime?)null)
            .SetProperty(u => u.LockedUntil, (DateTime?)null), cancellationToken);

    public static string LockedMessage(DateTime until, DateTime now)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes));
        return $"Trop d'essais : ce compte est verrouillé pendant {minutes} minute{(minutes > 1 ? "s" : "")}. " +
               "Réessayez plus tard ou demandez à un enseignant ou à un administrateur de le déverrouiller.";
    }

    /// <summary>
    /// The guarded UPDATE: only when not locked; a run that was locked (the lock has run out) or is older than the
    /// window starts again at 1; taking the last place sets the lock. Every SET reads the row as it was before the
    /// statement (SQL semantics, SQLite and PostgreSQL alike), and the WHERE is checked under the row's write lock,
    /// so two attempts can never take the same place.
    /// </summary>
    private async Task<int> CountAsync<T>(IQueryable<T> row, DateTime now, CancellationToken cancellationToken)
        where T : class, ISignInCounter
    {
        var max = options.Value.MaxFailedAttempts;
        var windowStart = now - Window;
        var until = now + Window;
        return await row
            .Where(c => c.LockedUntil == null || c.LockedUntil <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.FailedSignInCount, c =>
                    c.LockedUntil != null || c.FirstFailedSignInAt == null || c.FirstFailedSignInAt < windowStart ? 1 : c.FailedSignInCount + 1)
                .SetProperty(c => c.FirstFailedSignInAt, c =>
                    c.LockedUntil != null || c.FirstFailedSignInAt == null || c.FirstFailedSignInAt < windowStart ? now : c.FirstFailedSignInAt)
                .SetProperty(c => c.LockedUntil, c =>
                    (c.LockedUntil != null || c.FirstFailedSignInAt == null || c.FirstFailedSignInAt < windowStart ? 1 : c.FailedSignInCount + 1) >= max
                        ? until
                        : (DateTime?)null),
                cancellationToken);
    }

    private async Task<Admission> AdmittedAsync<T>(IQueryable<T> row, DateTime now, CancellationToken cancellationToken)
        where T : class, ISignInCounter =>
        new(true, null, TookLastPlace: await LockedUntilAsync(row, cancellationToken) == now + Window);

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
