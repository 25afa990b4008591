using System.Security.Cryptography;
using System.Text;
using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Accounts;

/// <summary>
/// Server-side sessions (<see cref="UserSession"/>): started at sign-in, checked on every request and by every
/// open circuit, ended at sign-out. A session also ends, for every cookie of it, when it has been idle for
/// <see cref="SignInOptions.IdleTimeoutMinutes"/>, when it is <see cref="SignInOptions.SessionHours"/> old, when
/// its account may no longer sign in (deactivated in every school), when the account's security stamp changes (a
/// password set by someone else, a change of profile or of what they may do in one of their schools), and when the QR
/// card that opened it is revoked or replaced. What a valid session answers is the person as they are now.
/// </summary>
public sealed class SessionStore(IDbContextFactory<MediathequeDbContext> factory, TimeProvider clock, IOptions<SignInOptions> options)
{
    /// <summary>The last-seen time is written at most this often: not one write per request.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private TimeSpan Idle => TimeSpan.FromMinutes(options.Value.IdleTimeoutMinutes);

    /// <summary>
    /// Opens a session for a person who just proved who they are, with a QR card when <paramref name="loginCardHash"/>
    /// names it; returns the token the cookie carries.
    /// </summary>
    public async Task<string> StartAsync(int accountId, string? ipAddress, string? loginCardHash = null, CancellationToken cancellationToken = default)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);

        // Sessions that can no longer be used go as new ones come: the table holds live sessions only.
        var idleSince = now - Idle;
        await db.Sessions.Where(s => s.ExpiresAt <= now || s.LastSeenAt < idleSince).ExecuteDeleteAsync(cancellationToken);

        db.Sessions.Add(new UserSession
        {
            Id = Hash(token),
            AccountId = accountId,
            CreatedAt = now,
            ExpiresAt = now.AddHours(options.Value.SessionHours),
            LastSeenAt = now,
            IpAddress = ipAddress,
            LoginCardHash = loginCardHash,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>
    /// The person of a live session, as they are now; null when the session must end (signed out, expired, idle,
    /// deactivated everywhere, security stamp changed, its card revoked or replaced, or a token that belongs to someone else).
    /// </summary>
    public async Task<SignedInUser?> ValidateAsync(string? token, int accountId, string securityStamp, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var id = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // A card is a pupil's row's, in its school: this check looks past the school filter.
        var cards = db.LoginCards.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]);
        var live = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == id && s.AccountId == accountId)
            .Join(db.Accounts, s => s.AccountId, a => a.Id, (s, a) => new
            {
                s.ExpiresAt,
                s.LastSeenAt,
                Account = a,
                // Checked here, on every request, rather than by deleting sessions at revocation: no window between the two.
                CardLive = s.LoginCardHash == null || cards.Any(c => c.TokenHash == s.LoginCardHash && c.User.AccountId == s.AccountId),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (live is null || live.ExpiresAt <= now || live.LastSeenAt + Idle <= now
            || live.Account.SecurityStamp != securityStamp || !live.CardLive)
        {
            return null;
        }

        var rows = await AccountRow.LoadAsync(db, accountId, cancellationToken);
        if (!SignedInUser.MaySignIn(live.Account, rows))
        {
            return null;
        }

        if (now - live.LastSeenAt >= TouchEvery)
        {
            await db.Sessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }

        return SignedInUser.Of(live.Account, rows);
    }

    /// <summary>Signing out: the session is deleted, and every copy of its cookie is worthless from now on.</summary>
    public async Task EndAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return;
        }

        var id = Hash(token);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Sessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
