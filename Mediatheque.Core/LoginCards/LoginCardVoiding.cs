using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Mediatheque.Core.LoginCards;

/// <summary>
/// Issue 21: a désactivé account's card is voided, not merely refused — a pupil who comes back needs a new card, and a
/// card lost meanwhile never works again. Whatever writes the change (« Désactiver », the daily job, an import, the
/// directory's synchronisation) goes through a save, and the context removes the cards of the users it deactivates (or
/// who stop being pupils) in that same save, hence the same transaction (<see cref="MediathequeDbContext"/>).
/// </summary>
internal static class LoginCardVoiding
{
    public static async Task VoidAsync(MediathequeDbContext db, CancellationToken cancellationToken)
    {
        var leaving = Leaving(db);
        if (leaving.Count > 0)
        {
            db.LoginCards.RemoveRange(await db.LoginCards.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter])
                .Where(c => leaving.Contains(c.UserId)).ToListAsync(cancellationToken));
        }
    }

    public static void Void(MediathequeDbContext db)
    {
        var leaving = Leaving(db);
        if (leaving.Count > 0)
        {
            db.LoginCards.RemoveRange(db.LoginCards.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]).Where(c => leaving.Contains(c.UserId)).ToList());
        }
    }

    private static List<int> Leaving(MediathequeDbContext db) =>
        db.ChangeTracker.Entries<User>().Where(e => e.State == EntityState.Modified && (Deactivated(e) || NoLongerPupil(e)))
            .Select(e => e.Entity.Id).ToList();

    private static bool Deactivated(EntityEntry<User> user) => user.Property(u => u.IsActive).OriginalValue && !user.Entity.IsActive;

    private static bool NoLongerPupil(EntityEntry<User> user) =>
        user.Property(u => u.Profil).OriginalValue == Profil.Eleve && user.Entity.Profil != Profil.Eleve;
}
