using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Accounts;

/// <summary>Checks a login and password, counts failures, locks accounts and journals it all.</summary>
public sealed class SignInService(
    IDbContextFactory<MediathequeDbContext> factory,
    SignInPasswordCheck passwords,
    AuditLog audit,
    TimeProvider clock,
    IOptions<SignInOptions> options)
{
    public async Task<SignInResult> SignInAsync(string? login, string? password, string? ipAddress, CancellationToken cancellationToken = default)
    {
        login = login?.Trim() ?? string.Empty;
        password ??= string.Empty;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var user = login.Length == 0 ? null : await db.Users.SingleOrDefaultAsync(u => u.Login == login, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        // Unknown login: the same BCrypt work and the same message, so neither time nor text tells it exists.
        // A directory user's password is checked by the directory (SignInPasswordCheck).
        var verdict = await passwords.CheckAsync(user, password, cancellationToken);
        var passwordMatches = verdict.Matches;
        if (user is null)
        {
            // The typed login is not journaled: people type their password in the wrong field.
            audit.Add(db, AuditAction.SignInFailed, null, null, "Identifiant inconnu", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.Failed, Message: SignInResult.InvalidMessage);
        }

        if (user.IsLockedOut(now))
        {
            audit.Add(db, AuditAction.SignInRefused, user, user, "Compte verrouillé", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.LockedOut, Message: LockedMessage(user.LockedUntil!.Value, now));
        }

        if (verdict.Unavailable is { } unavailable)
        {
            // Not the user's failure: nothing is counted towards a lockout.
            audit.Add(db, AuditAction.SignInRefused, user, user, "Annuaire fédérateur injoignable", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.AnnuaireUnavailable, Message: unavailable);
        }

        if (!passwordMatches)
        {
            return await RecordFailureAsync(db, user, now, ipAddress, cancellationToken);
        }

        if (!user.IsActive)
        {
            audit.Add(db, AuditAction.SignInRefused, user, user, "Compte désactivé", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.Deactivated,
                Message: "Votre compte est désactivé. Contactez l'administrateur de la Médiathèque.");
        }

        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FailedSignInCount, 0)
            .SetProperty(u => u.LockedUntil, (DateTime?)null)
            .SetProperty(u => u.LastSignInAt, now), cancellationToken);
        audit.Add(db, AuditAction.SignIn, user, user, null, ipAddress);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, ToSignedIn(user));
    }

    /// <summary>The current state of a signed-in user, or null when their session must end.</summary>
    public async Task<SignedInUser?> RevalidateAsync(int userId, string securityStamp, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is { IsActive: true } && user.SecurityStamp == securityStamp ? ToSignedIn(user) : null;
    }

    /// <summary>The signed-in view of an active user, for a fresh cookie after their own password change.</summary>
    public async Task<SignedInUser?> CurrentAsync(int userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is { IsActive: true } ? ToSignedIn(user) : null;
    }

    public static SignedInUser ToSignedIn(User user) =>
        new(user.Id, user.Login, user.FullName, user.Profil, user.MustChangePassword, user.SecurityStamp);

    private async Task<SignInResult> RecordFailureAsync(
        MediathequeDbContext db, User user, DateTime now, string? ipAddress, CancellationToken cancellationToken)
    {
        var settings = options.Value;

        // Counted in SQL so that simultaneous guesses cannot lose increments.
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedSignInCount, u => u.FailedSignInCount + 1), cancellationToken);
        var failures = await db.Users.Where(u => u.Id == user.Id).Select(u => u.FailedSignInCount).SingleAsync(cancellationToken);
        audit.Add(db, AuditAction.SignInFailed, user, user, $"Échec n° {failures}", ipAddress);

        if (failures >= settings.MaxFailedAttempts)
        {
            var until = now.AddMinutes(settings.LockoutMinutes);
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockedUntil, until)
                .SetProperty(u => u.FailedSignInCount, 0), cancellationToken);
            audit.Add(db, AuditAction.LockedOut, user, user, $"{failures} échecs de connexion", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.LockedOut, Message: LockedMessage(until, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Failed, Message: SignInResult.InvalidMessage);
    }

    private static string LockedMessage(DateTime until, DateTime now)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes));
        return $"Trop d'essais : ce compte est verrouillé pendant {minutes} minute{(minutes > 1 ? "s" : "")}. " +
               "Réessayez plus tard ou demandez à un enseignant ou à un administrateur de le déverrouiller.";
    }
}
