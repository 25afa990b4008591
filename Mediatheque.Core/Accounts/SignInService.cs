using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Accounts;

/// <summary>
/// Checks a login and password, counts attempts (<see cref="Lockout"/>), refuses expired first passwords and
/// journals it all. Every refusal before the password is known to be right says the same thing for a real login
/// and for one that matches no account.
/// </summary>
public sealed class SignInService(
    IDbContextFactory<MediathequeDbContext> factory,
    PasswordHasher hasher,
    Lockout lockout,
    SignInPasswordCheck passwords,
    AuditLog audit,
    TimeProvider clock,
    IOptions<PasswordOptions> passwordOptions)
{
    public const string DeactivatedMessage = "Votre compte est désactivé. Contactez l'administrateur de la Médiathèque.";

    /// <summary>Checks the credentials; <paramref name="ipAddress"/> overrides the journal's client address (else the request's).</summary>
    public async Task<SignInResult> SignInAsync(string? login, string? password, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        login = login?.Trim() ?? string.Empty;
        password ??= string.Empty;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Logins are unique in the whole deployment: the account, then its rows in every school. A login holding a
        // control character matches no account (TypedCredential): it is counted as an unknown one.
        var account = login.Length == 0 || !TypedCredential.IsTypable(login)
            ? null
            : await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Login == login, cancellationToken);
        IReadOnlyList<AccountRow> rows = account is null ? [] : await AccountRow.LoadAsync(db, account.Id, cancellationToken);

        // Counted before the password is checked: however many attempts arrive at once, no more than the allowed
        // number of passwords is ever tried in a window.
        var admission = await lockout.AdmitAsync(db, account, login, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!admission.Admitted)
        {
            audit.AddForAccount(db, AuditAction.SignInRefused, account, rows, account is null ? "Identifiant inconnu verrouillé" : "Compte verrouillé", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.LockedOut, Message: Lockout.LockedMessage(admission.LockedUntil ?? now, now));
        }

        // An unknown login, or a password holding a control character (TypedCredential), costs the same BCrypt work as a
        // wrong password, so neither time nor text tells it exists; such a password never reaches the directory.
        // A directory user's password is checked by the directory (SignInPasswordCheck), a local account's never is.
        var verdict = account is null || !TypedCredential.IsTypable(password)
            ? new PasswordVerdict(await hasher.VerifyAsync(string.Empty, null))
            : await passwords.CheckAsync(account, rows, password, cancellationToken);
        if (verdict.Unavailable)
        {
            // The directory did not answer: the user is told what a wrong password is told (the attempt was counted like
            // any other), so that an outage does not sort logins into the directory's and the others; the journal tells
            // administrators why.
            return await RecordFailureAsync(db, account, rows, login, admission, AuditAction.SignInRefused, "Annuaire fédérateur injoignable", ipAddress,
                cancellationToken);
        }

        if (account is null || !verdict.Matches)
        {
            return await RecordFailureAsync(db, account, rows, login, admission, AuditAction.SignInFailed,
                account is null ? "Identifiant inconnu" : "Mot de passe incorrect", ipAddress, cancellationToken);
        }

        if (!SignedInUser.MaySignIn(account, rows))
        {
            audit.AddForAccount(db, AuditAction.SignInRefused, account, rows, "Compte désactivé", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.Deactivated, Message: DeactivatedMessage);
        }

        await lockout.ClearAsync(db, account, cancellationToken);
        if (InitialPasswordExpired(account, now))
        {
            audit.AddForAccount(db, AuditAction.SignInRefused, account, rows, "Mot de passe provisoire expiré", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.InitialPasswordExpired, Message: InitialPasswordExpiredMessage);
        }

        await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSignInAt, now), cancellationToken);
        // Journaled in the schools where the person may work now: a school that deactivated them is not told of it.
        audit.AddForAccount(db, AuditAction.SignIn, account, rows.Where(r => r.IsActive).ToList(), null, ipAddress);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, SignedInUser.Of(account, rows));
    }

    public string InitialPasswordExpiredMessage =>
        $"Votre mot de passe provisoire a expiré (il était valable {passwordOptions.Value.InitialPasswordDays} jours). " +
        "Demandez-en un nouveau à votre enseignant ou à l'administrateur de la Médiathèque.";

    /// <summary>
    /// ASVS 6.4.1: a password someone else set with « doit changer » (reset, import, creation) is a first password,
    /// valid for <see cref="PasswordOptions.InitialPasswordDays"/>; after that the user asks for a new one.
    /// </summary>
    public bool InitialPasswordExpired(Account account, DateTime now) =>
        account.MustChangePassword && account.PasswordChangedAt is { } setAt && setAt.AddDays(passwordOptions.Value.InitialPasswordDays) < now;

    /// <summary>The signed-in view of an account that may sign in, for a fresh cookie after their own password change.</summary>
    public async Task<SignedInUser?> CurrentAsync(int accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return null;
        }

        var rows = await AccountRow.LoadAsync(db, account.Id, cancellationToken);
        return SignedInUser.MaySignIn(account, rows) ? SignedInUser.Of(account, rows) : null;
    }

    /// <summary>Every failed attempt's answer: « incorrect », or « verrouillé » when the login is locked now.</summary>
    private async Task<SignInResult> RecordFailureAsync(
        MediathequeDbContext db, Account? account, IReadOnlyList<AccountRow> rows, string login, Admission admission, AuditAction action,
        string details, string? ipAddress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lockedUntil = await lockout.LockedUntilAsync(db, account, login, cancellationToken);
        // The typed login of an unknown account is not journaled: people type their password in the wrong field.
        audit.AddForAccount(db, action, account, rows, details, ipAddress);
        if (admission.TookLastPlace)
        {
            audit.AddForAccount(db, AuditAction.LockedOut, account, rows, account is null ? "Identifiant inconnu" : "Trop d'échecs de connexion", ipAddress);
        }

        if (lockedUntil is { } until)
        {
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.LockedOut, Message: Lockout.LockedMessage(until, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Failed, Message: SignInResult.InvalidMessage);
    }
}
