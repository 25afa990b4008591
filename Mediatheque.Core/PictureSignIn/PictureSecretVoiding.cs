using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Mediatheque.Core.PictureSignIn;

/// <summary>
/// Issue 24: a picture secret lives only while its pupil is an active pupil. Whatever writes the change — the detail
/// form, « Désactiver », an import, the directory's synchronisation, the account states to come — a user whose profile
/// changes or who is deactivated loses their secret in the same SaveChanges, hence the same transaction. The context
/// runs this before every save (<see cref="MediathequeDbContext"/>); a reactivated pupil needs a new card.
/// </summary>
internal static class PictureSecretVoiding
{
    public static async Task VoidAsync(MediathequeDbContext db, CancellationToken cancellationToken)
    {
        var leaving = Leaving(db);
        if (leaving.Count > 0)
        {
            db.PictureSecrets.RemoveRange(await db.PictureSecrets.Where(s => leaving.Contains(s.UserId)).ToListAsync(cancellationToken));
        }
    }

    public static void Void(MediathequeDbContext db)
    {
        var leaving = Leaving(db);
        if (leaving.Count > 0)
        {
            db.PictureSecrets.RemoveRange(db.PictureSecrets.Where(s => leaving.Contains(s.UserId)).ToList());
        }
    }

    private static List<int> Leaving(MediathequeDbContext db) =>
        db.ChangeTracker.Entries<User>().Where(e => e.State == EntityState.Modified && (ProfileChanged(e) || Deactivated(e)))
            .Select(e => e.Entity.Id).ToList();

    private static bool ProfileChanged(EntityEntry<User> user) =>
        user.Property(u => u.Profil).OriginalValue != user.Entity.Profil;

    private static bool Deactivated(EntityEntry<User> user) =>
        user.Property(u => u.IsActive).OriginalValue && !user.Entity.IsActive;
}
