using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Schools;

/// <summary>
/// A school a signed-in person may work in, and their row there: the actor every Core call of a page of that school
/// names (<see cref="UserId"/>), with the profile they hold there.
/// </summary>
public sealed record SchoolPlace(int SchoolId, string Name, string? Uai, int UserId, Profil Profil);

/// <summary>
/// The schools of a signed-in person: where the app bar offers to go, and how a page's address (« /ecoles/3/… ») becomes
/// the row that acts there. Only their active rows: a school that deactivated them is no place of theirs any more.
/// </summary>
public sealed class MySchools(IDbContextFactory<MediathequeDbContext> factory)
{
    public async Task<IReadOnlyList<SchoolPlace>> OfAsync(int accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // The person's own rows in every school: looking past the school filter is what this list is for.
        return await db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter])
            .Where(u => u.AccountId == accountId && u.IsActive)
            .OrderBy(u => u.School.Name).ThenBy(u => u.SchoolId)
            .Select(u => new SchoolPlace(u.SchoolId, u.School.Name, u.School.Uai, u.Id, u.Profil))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The settings of the school an actor works in (its directory's name…), for the pages of that school.</summary>
    public async Task<School?> SettingsAsync(int actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return (await db.ActorAsync(actorId, cancellationToken))?.School;
    }
}
