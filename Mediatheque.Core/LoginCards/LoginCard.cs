using Mediatheque.Core.Users;

namespace Mediatheque.Core.LoginCards;

/// <summary>
/// A pupil's printed QR sign-in card: at most one per pupil (a new card replaces the row, so the old
/// address stops working). Only the SHA-256 of the token is stored; the token itself exists on paper.
/// </summary>
public class LoginCard
{
    public int UserId { get; set; }

    public User User { get; set; } = null!;

    /// <summary>Lower-case hex SHA-256 of the token; unique, how a scanned address finds its pupil.</summary>
    public string TokenHash { get; set; } = string.Empty;

    public DateTime IssuedAt { get; set; }

    public DateTime ExpiresAt { get; set; }
}
