using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Users;

/// <summary>
/// How many users a list holds, and where its page is read from: the counting strategy the grid's speed rests on
/// (Mediatheque.Benchmarks' « grid »: 100,000 users, every case under 10 ms p95 on both engines).
/// </summary>
internal sealed class UserListCounting(IUserSearch search)
{
    /// <summary>Below this many matches, the page is sorted from the matches; above, read in index order until full.</summary>
    private const int SmallMatchCount = 1_000;

    /// <summary>Matches that are at least one in this many of the list's rows are found faster by walking the sort index.</summary>
    private const int DenseShare = 8;

    public Task<int> CountAsync(MediathequeDbContext db, FilteredUsers list, CancellationToken cancellationToken) =>
        list.Counting switch
        {
            // The engine's own SQL: the school filter does not reach it, so it is given the context's school.
            Counting.Counters => db.Database.SqlQuery<int>(search.CountAll(db.SchoolScope, list.Active, list.Profil)).SingleAsync(cancellationToken),
            Counting.Search => db.Database.SqlQuery<int>(search.CountMatching(db.SchoolScope, list.Active, list.Profil, list.Words)).SingleAsync(cancellationToken),
            Counting.GroupCounters => GroupCounts(db, list.Group!.Value, list.Active, list.Profil).SumAsync(c => c.Count, cancellationToken),
            // Several groups, a search within groups, a teacher's own groups: small sets, counted from their memberships.
            _ => UserListQuery.WithWords(list.Users, list.Words).CountAsync(cancellationToken),
        };

    /// <summary>
    /// Where the page is read from. A search with few matches over the whole school: their ids from the
    /// word index, then those rows sorted (a name, an Id National). Otherwise the words are checked row by row
    /// (<see cref="UserListQuery.WithWords"/>): with many matches (« m ») the sort column's index is walked in order
    /// and the page fills within a few hundred rows, where sorting 20,000 matches would take far longer.
    /// </summary>
    public async Task<IQueryable<User>> SourceAsync(MediathequeDbContext db, FilteredUsers list, int total, CancellationToken cancellationToken)
    {
        if (list.Counting != Counting.Search || total > SmallMatchCount
            || total * DenseShare >= await db.Database.SqlQuery<int>(search.CountAll(db.SchoolScope, list.Active, list.Profil)).SingleAsync(cancellationToken))
        {
            // Many matches, or a large share of a school's list (« m »: 578 of a school's 2,378): walking the sort index
            // fills the page within a few hundred rows, where the matches' ids would be sorted whole.
            return UserListQuery.WithWords(list.PageUsers, list.Words);
        }

        var ids = await db.Database.SqlQuery<int>(search.Matching(db.SchoolScope, list.Active, list.Profil, list.Words))
            .OrderBy(id => id).Take(2 * SmallMatchCount + 1).ToListAsync(cancellationToken);
        // The candidates may include deactivated users or staff the filters drop; too many, and the IN list costs more than the walk.
        return ids.Count > 2 * SmallMatchCount ? UserListQuery.WithWords(list.PageUsers, list.Words) : list.PageUsers.Where(u => ids.Contains(u.Id));
    }

    private static IQueryable<GroupCount> GroupCounts(MediathequeDbContext db, int groupId, bool active, Profil? profil)
    {
        var counts = db.GroupCounts.Where(c => c.GroupId == groupId && c.IsActive == active);
        return profil is { } p ? counts.Where(c => c.Profil == p) : counts;
    }
}
