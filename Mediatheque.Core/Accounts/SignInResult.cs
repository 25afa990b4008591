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

/// <summary>What the cookie carries about the person who signed in.</summary>
public sealed record SignedInUser(int Id, string Login, string FullName, Profil Profil, bool MustChangePassword, string SecurityStamp);
