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
/// its user is deactivated, when the user's security stamp changes (a password set by someone else, a change
/// of profile or of what they may do), and when the QR card that opened it is revoked or replaced. What a valid
/// session answers is the user as they are now.
/// </summary>
public sealed class SessionStore(IDbContextFactory<MediathequeDbContext> factory, TimeProvider clock, IOptions<SignInOptions> options)
{
    /// <summary>The last-seen time is written at most this often: not one write per request.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private TimeSpan Idle => TimeSpan.FromMinutes(options.Value.IdleTimeoutMinutes);

    /// <summary>
    /// Opens a session for a user who just proved who they are, with a QR card when <paramref name="loginCardHash"/>
    /// names it; returns the token the cookie carries.
    /// </summary>
    public async Task<string> StartAsync(int userId, string? ipAddress, string? loginCardHash = null, CancellationToken cancellationToken = default)
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
            UserId = userId,
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
    /// The user of a live session, as they are now; null when the session must end (signed out, expired, idle,
    /// user deactivated, security stamp changed, its card revoked or replaced, or a token that belongs to someone else).
    /// </summary>
    public async Task<SignedInUser?> ValidateAsync(string? token, int userId, string securityStamp, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var id = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var live = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == id && s.UserId == userId)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new
            {
                s.ExpiresAt,
                s.LastSeenAt,
                User = u,
                // Checked here, on every request, rather than by deleting sessions at revocation: no window between the two.
                CardLive = s.LoginCardHash == null || db.LoginCards.Any(c => c.TokenHash == s.LoginCardHash && c.UserId == s.UserId),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (live is null || live.ExpiresAt <= now || live.LastSeenAt + Idle <= now
            || !live.User.IsActive || live.User.SecurityStamp != securityStamp || !live.CardLive)
        {
            return null;
        }

        if (now - live.LastSeenAt >= TouchEvery)
        {
            await db.Sessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }

        return SignInService.ToSignedIn(live.User);
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
