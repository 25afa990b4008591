using Mediatheque.Core.Users;

namespace Mediatheque.Core.Accounts;

/// <summary>
/// A person's one way in: their login (unique in the whole deployment, since sign-in has no school picker), password,
/// lockout count and sessions. What a school knows of the person is a <see cref="User"/> row of that school: a pupil has
/// one, a teacher who works in two schools has two (a profile and classes in each), both pointing here. A platform
/// administrator may have none.
/// </summary>
public class Account : ISignInCounter
{
    private string login = string.Empty;

    public int Id { get; set; }

    /// <summary>Identifiant de connexion; unique ignoring case (each provider's case-insensitive collation). Each row's <see cref="User.Login"/> is a copy.</summary>
    public string Login
    {
        get => login;
        set => login = value.Trim();
    }

    /// <summary>BCrypt hash (enhanced, SHA-384 pre-hash); null when no password was ever set.</summary>
    public string? PasswordHash { get; set; }

    public bool MustChangePassword { get; set; }

    public DateTime? PasswordChangedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    public int FailedSignInCount { get; set; }

    public DateTime? FirstFailedSignInAt { get; set; }

    public DateTime? LockedUntil { get; set; }

    /// <summary>Changes whenever open sessions must end (password set by someone else, deactivation, new rights).</summary>
    public string SecurityStamp { get; set; } = NewStamp();

    /// <summary>
    /// « ADMINISTRATEUR DE LA PLATEFORME »: creates schools and names their administrators. Not a school role: it is
    /// never one of a school's <see cref="Profil"/> values, and it gives no right over any school's users.
    /// </summary>
    public bool IsPlatformAdministrator { get; set; }

    /// <summary>The name of an account without a school (a platform administrator); a school's users are named by their rows.</summary>
    public string? Nom { get; set; }

    public string? Prenom { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Optimistic concurrency: bumped by every change made through this entity (a password, an unlock, a new stamp), so
    /// that of two people changing the same password at once the second is told, not silently overwritten. The lockout's
    /// own guarded updates (Lockout) need no version: each is one atomic statement.
    /// </summary>
    public int Version { get; set; }

    /// <summary>The person's rows, one per school they belong to.</summary>
    public List<User> Users { get; set; } = [];

    public bool IsLockedOut(DateTime now) => LockedUntil is { } until && until > now;

    /// <summary>
    /// A new password hash. Set by someone else (a reset), it ends the person's open sessions;
    /// either way a lockout is lifted, since the person now holds a working password.
    /// </summary>
    public void SetPassword(string hash, bool mustChange, DateTime now)
    {
        PasswordHash = hash;
        MustChangePassword = mustChange;
        PasswordChangedAt = now;
        ClearSignInFailures();
        RenewSecurityStamp();
    }

    public void RenewSecurityStamp()
    {
        SecurityStamp = NewStamp();
        Version++;
    }

    /// <summary>Unlocked, and the failed attempts forgotten (an unlock, a new password).</summary>
    public void ClearSignInFailures()
    {
        FailedSignInCount = 0;
        FirstFailedSignInAt = null;
        LockedUntil = null;
        Version++;
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
