using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Users;

public sealed record ProfileCount(Profil Profil, int Active, int Deactivated);

/// <summary>The school's numbers on the dashboard.</summary>
public sealed record SchoolNumbers(IReadOnlyList<ProfileCount> Profiles, int Groups, int AnnuaireUsers)
{
    public int Active => Profiles.Sum(p => p.Active);

    public int Deactivated => Profiles.Sum(p => p.Deactivated);

    public int Total => Active + Deactivated;
}

public sealed class SchoolStatistics(IDbContextFactory<MediathequeDbContext> factory)
{
    public async Task<SchoolNumbers> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
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
