using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Persistence;

/// <summary>
/// Saving a user someone else saved in between (two administrators resetting the same pupil, a deactivation
/// during a password change): the user's Version no longer matches, EF writes nothing, and the loser is told
/// in French instead of the circuit crashing. The winner's change stands; the loser retries on fresh data.
/// </summary>
internal static class ConcurrentSave
{
    public const string ConflictMessage =
        "Quelqu'un d'autre a modifié cet utilisateur au même moment : rien n'a été enregistré. Réessayez.";

    public static async Task<OperationResult> SaveOrReportConflictAsync(this MediathequeDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return OperationResult.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            return OperationResult.Fail(ConflictMessage);
        }
    }
}
