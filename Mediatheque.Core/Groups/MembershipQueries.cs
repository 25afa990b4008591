using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Groups;

public static class MembershipQueries
{
    /// <summary>Whether two users share a class, a group or an option: a teacher's scope (PRODUCT.md).</summary>
    public static Task<bool> SharesGroupAsync(this MediathequeDbContext db, int actorId, int targetId, CancellationToken cancellationToken = default) =>
        db.Memberships.AnyAsync(
            m => m.UserId == targetId && db.Memberships.Any(a => a.UserId == actorId && a.GroupId == m.GroupId),
            cancellationToken);
}
