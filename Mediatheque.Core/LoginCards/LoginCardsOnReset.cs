using Mediatheque.Core.Audit;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.LoginCards;

/// <summary>
/// A password is reset because someone else may know it; a pupil's QR card is the other key to the account. So a
/// reset revokes the card too unless the person resetting keeps it (single and bulk reset alike), and the reset's
/// journal line says which was done. Marks the changes on the caller's context: saved with the new password, or not at all.
/// </summary>
internal static class LoginCardsOnReset
{
    public const string Revoked = "carte de connexion révoquée";

    public const string Kept = "carte de connexion gardée";

    /// <summary>For each of the targets that has a card: what was done with it (<see cref="Revoked"/> or <see cref="Kept"/>).</summary>
    public static async Task<IReadOnlyDictionary<int, string>> ApplyAsync(
        MediathequeDbContext db, AuditLog audit, User? actor, IReadOnlyCollection<User> targets, bool revoke, string? ipAddress,
        CancellationToken cancellationToken)
    {
        var byId = targets.ToDictionary(u => u.Id);
        var ids = byId.Keys.ToList();
        var cards = await db.LoginCards.Where(c => ids.Contains(c.UserId)).ToListAsync(cancellationToken);
        if (!revoke)
        {
            return cards.ToDictionary(c => c.UserId, _ => Kept);
        }

        foreach (var card in cards)
        {
            // The row goes, so the card's address finds no one and the sessions it opened end (SessionStore).
            db.LoginCards.Remove(card);
            audit.Add(db, AuditAction.LoginCardRevoked, actor, byId[card.UserId],
                "Avec la réinitialisation du mot de passe", ipAddress);
        }

        return cards.ToDictionary(c => c.UserId, _ => Revoked);
    }
}
