namespace Mediatheque.Core.Accounts;

/// <summary>
/// A signed-in session, held on the server so that it can be ended there (ASVS 7.4.1): the cookie carries a
/// random token, this row its SHA-256 (a copy of the database gives no usable token). Every request and the
/// circuit's revalidation look the row up; signing out deletes it, so a replayed cookie gets the sign-in page.
/// </summary>
public class UserSession
{
    /// <summary>SHA-256 of the cookie's token, in hexadecimal.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The person signed in: a session opens the account, whichever of its schools each tab then manages.</summary>
    public int AccountId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The absolute end, whatever the activity (<see cref="SignInOptions.SessionHours"/>).</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>The last request or circuit revalidation; the session ends <see cref="SignInOptions.IdleTimeoutMinutes"/> after it.</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>Where the session was opened from.</summary>
    public string? IpAddress { get; set; }

    /// <summary>
    /// The QR card that opened the session (its token's hash, <see cref="LoginCards.LoginCard.TokenHash"/>), or null.
    /// The session lives only as long as that card: revoked or replaced by a new one, it ends.
    /// </summary>
    public string? LoginCardHash { get; set; }
}
