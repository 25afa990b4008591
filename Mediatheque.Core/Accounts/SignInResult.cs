using Mediatheque.Core.Users;

namespace Mediatheque.Core.Accounts;

public enum SignInStatus
{
    Succeeded,
    Failed,
    LockedOut,
    Deactivated,

    /// <summary>The right first password, but past its validity: the user must ask for a new one.</summary>
    InitialPasswordExpired,
}

/// <summary>
/// The outcome of a sign-in, with the French message to show when it did not succeed; after a QR card, the card's
/// token hash, so that the session it opens ends with the card (<see cref="SessionStore"/>).
/// </summary>
public sealed record SignInResult(SignInStatus Status, SignedInUser? User = null, string? Message = null, string? LoginCardHash = null)
{
    public const string InvalidMessage = "Identifiant ou mot de passe incorrect.";
}

/// <summary>
/// What the cookie carries about the person who signed in: their account, and as roles the profiles they hold in their
/// schools (and <see cref="PlatformAdministratorRole"/>). The roles only open pages; what they may do in a school is
/// decided by Core from their row in that school, as it is now.
/// </summary>
public sealed record SignedInUser(int AccountId, string Login, string FullName, IReadOnlyList<string> Roles, bool MustChangePassword, string SecurityStamp)
{
    public const string PlatformAdministratorRole = "PlatformAdministrator";

    public const string PlatformAdministratorLabel = "ADMINISTRATEUR DE LA PLATEFORME";

    /// <summary>
    /// A person may sign in while one of their school rows is active, or as a platform administrator: a teacher
    /// deactivated in one school still signs in to the other.
    /// </summary>
    public static bool MaySignIn(Account account, IReadOnlyList<AccountRow> rows) =>
        account.IsPlatformAdministrator || rows.Any(r => r.IsActive);

    public static SignedInUser Of(Account account, IReadOnlyList<AccountRow> rows)
    {
        var active = rows.Where(r => r.IsActive).ToList();
        var roles = active.Select(r => r.Profil.ToString()).Distinct()
            .Concat(account.IsPlatformAdministrator ? [PlatformAdministratorRole] : [])
            .Order(StringComparer.Ordinal).ToList();
        var name = active.FirstOrDefault()?.FullName
            ?? (account.Nom is { Length: > 0 } nom ? $"{nom.ToUpperInvariant()} {account.Prenom}".Trim() : account.Login);
        return new SignedInUser(account.Id, account.Login, name, roles, account.MustChangePassword, account.SecurityStamp);
    }

    public bool HasRole(string role) => Roles.Contains(role);
}
