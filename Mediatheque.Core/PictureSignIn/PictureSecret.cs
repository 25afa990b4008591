using Mediatheque.Core.Users;

namespace Mediatheque.Core.PictureSignIn;

/// <summary>
/// A pupil's picture secret: at most one per pupil (a new sequence replaces the row's hash, so the old one stops working
/// at once). Only a hash is stored (<see cref="PictureSequences.Hash"/>); the sequence itself exists on the printed card.
/// The row goes when the pupil stops being an active pupil (<see cref="PictureSecretVoiding"/>).
/// </summary>
public class PictureSecret
{
    public int UserId { get; set; }

    public User User { get; set; } = null!;

    /// <summary>Lower-case hex SHA-256 of the pupil's id and the three pictures' keys in order.</summary>
    public string SequenceHash { get; set; } = string.Empty;

    /// <summary>The pupil's tile picture (<see cref="PictureSet.Tile"/>) when the school has no photo; kept when the sequence is renewed.</summary>
    public int TileIndex { get; set; }

    public DateTime IssuedAt { get; set; }
}
