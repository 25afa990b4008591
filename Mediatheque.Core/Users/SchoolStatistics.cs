using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Users;

public sealed record ProfileCount(Profil Profil, int Active, int Deactivated);

/// <summary>The numbers of the actor's school on the dashboard.</summary>
public sealed record SchoolNumbers(IReadOnlyList<ProfileCount> Profiles, int Groups, int AnnuaireUsers)
{
    public int Active => Profiles.Sum(p => p.Active);

    public int Deactivated => Profiles.Sum(p => p.Deactivated);

    public int Total => Active + Deactivated;
}

public sealed class SchoolStatistics(IDbContextFactory<MediathequeDbContext> factory)
{
    /// <summary>The actor's school's numbers, for its staff; null for anyone else (a pupil, a deactivated account).</summary>
    public async Task<SchoolNumbers?> GetAsync(int actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await db.ActorAsync(actorId, cancellationToken) is not { IsActive: true } actor || !actor.Profil.IsStaff())
        {
            return null;
        }

        var counts = await db.Users
            .GroupBy(u => new { u.Profil, u.IsActive })
            .Select(g => new { g.Key.Profil, g.Key.IsActive, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var profiles = Enum.GetValues<Profil>()
            .Select(p => new ProfileCount(
                p,
                counts.Where(c => c.Profil == p && c.IsActive).Sum(c => c.Count),
                counts.Where(c => c.Profil == p && !c.IsActive).Sum(c => c.Count)))
            .ToList();
        var groups = await db.Groups.CountAsync(cancellationToken);
        var directory = await db.Users.CountAsync(u => u.Source == UserSource.Annuaire, cancellationToken);
        return new SchoolNumbers(profiles, groups, directory);
    }
}
