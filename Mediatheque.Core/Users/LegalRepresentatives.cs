using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Users;

/// <summary>A legal representative as the pupil's detail page shows them.</summary>
public sealed record LegalRepresentativeLine(int Position, string? Name, string? Email);

/// <summary>The pupil's legal representatives, for an administrator only (<see cref="UserPolicy.CanSeeLegalRepresentatives"/>).</summary>
public sealed class LegalRepresentatives(IDbContextFactory<MediathequeDbContext> factory, UserPolicy policy)
{
    /// <summary>The list (maybe empty), or null when the actor may not see it (a teacher, a pupil, a staff member's page).</summary>
    public async Task<IReadOnlyList<LegalRepresentativeLine>?> GetAsync(int actorId, int userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // The actor's school only: a pupil of another school is no one here.
        var (actor, pupil) = await db.ActorAndTargetAsync(actorId, userId, cancellationToken);
        if (pupil is null || !policy.CanSeeLegalRepresentatives(actor, pupil))
        {
            return null;
        }

        return await db.LegalRepresentatives.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Position)
            .Select(r => new LegalRepresentativeLine(r.Position, r.Name, r.Email)).ToListAsync(cancellationToken);
    }
}
