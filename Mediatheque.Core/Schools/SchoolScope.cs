using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Schools;

/// <summary>
/// How an operation enters its school: the acting user is a row of one school (a teacher of two schools acts through
/// the row of the school whose page they opened), so the actor, read as they are now, brings the school with them, and
/// the operation's context enters it (<see cref="MediathequeDbContext.EnterSchool"/>). From then on every query of that
/// context sees that school's users, groups, journal and cards only: a user id, a group or a card of another school is
/// found as if it did not exist, and the answer is the one given for an id that is no one.
/// </summary>
public static class SchoolScope
{
    /// <summary>
    /// The acting user as they are now (tracked), with their school's settings and their account; null when no such user
    /// exists. The one read of a user that looks past the school filter: it is how the filter learns its school.
    /// </summary>
    public static async Task<User?> ActorAsync(this MediathequeDbContext db, int actorId, CancellationToken cancellationToken)
    {
        var actor = await db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter])
            .Include(u => u.School)
            .Include(u => u.Account)
            .SingleOrDefaultAsync(u => u.Id == actorId, cancellationToken);
        if (actor is not null)
        {
            db.EnterSchool(actor.SchoolId);
        }

        return actor;
    }

    /// <summary>
    /// The actor as they are now (entering their school) and the target within that school, both tracked with their
    /// accounts; the target is null when it is no user of the actor's school (another school's id is no one here).
    /// </summary>
    public static async Task<(User? Actor, User? Target)> ActorAndTargetAsync(
        this MediathequeDbContext db, int actorId, int targetId, CancellationToken cancellationToken)
    {
        var actor = await db.ActorAsync(actorId, cancellationToken);
        if (actor is null)
        {
            return (null, null);
        }

        var target = targetId == actorId
            ? actor
            : await db.Users.Include(u => u.Account).SingleOrDefaultAsync(u => u.Id == targetId, cancellationToken);
        if (target is not null)
        {
            await MarkWorkElsewhereAsync(db, [target], cancellationToken);
        }

        return (actor, target);
    }

    /// <summary>
    /// Which of these users (rows of the context's school) are also at work in another school: an active row of their
    /// account there (<see cref="User.WorksInAnotherSchool"/>). The other schools' rows are only counted, never read.
    /// </summary>
    public static async Task MarkWorkElsewhereAsync(this MediathequeDbContext db, IReadOnlyCollection<User> users, CancellationToken cancellationToken)
    {
        var accounts = users.Select(u => u.AccountId).Distinct().ToList();
        var rows = users.Select(u => u.Id).ToList();
        // Another row of the account is another school's (one row per account and school).
        var elsewhere = (await db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter])
            .Where(u => accounts.Contains(u.AccountId) && !rows.Contains(u.Id) && u.IsActive)
            .Select(u => u.AccountId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        foreach (var user in users)
        {
            user.WorksInAnotherSchool = elsewhere.Contains(user.AccountId);
        }
    }
}
