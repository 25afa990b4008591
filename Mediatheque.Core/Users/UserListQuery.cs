using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Users;

/// <summary>
/// Builds « Liste des utilisateurs »' query from the actor and the grid's filters: who the actor may see
/// (PRODUCT.md: administrators everyone of their school, a teacher the pupils in scope, a pupil no one), the active
/// flag, profile, groups and search words, and the exact identifier typed. The scope is read from the actor's id here,
/// never trusted from the page: the actor's school (the context enters it, <see cref="Schools.SchoolScope"/>) and
/// their profile there.
/// </summary>
internal sealed class UserListQuery(TimeProvider clock)
{
    /// <summary>Above this many members, a group filter's page walks the sort index rather than sorting the members.</summary>
    private const int LargeGroup = 2_000;

    /// <summary>At most one user per identifier column: Identifiant, Id National and Id Établissement are each unique.</summary>
    private const int MostExactMatches = 3;

    /// <summary>
    /// The query in two forms: relational (the truth: active flag, profile, the actor's scope, groups),
    /// and as the engine's word index over the same filters plus the search words (<see cref="IUserSearch"/>:
    /// for the count and the candidates).
    /// Null when the actor may see no one, or a filter names nothing that exists.
    /// </summary>
    public async Task<FilteredUsers?> SelectAsync(MediathequeDbContext db, int actorId, UserQuery query, CancellationToken cancellationToken)
    {
        var actor = await db.ActorAsync(actorId, cancellationToken);
        if (actor is not { IsActive: true } || await VisibleAsync(db, actor, cancellationToken) is not { } visible)
        {
            return null;
        }

        var profil = query.Profil;
        if (actor.Profil == Profil.Enseignant)
        {
            // UserPolicy.IsInTeacherScope: pupils only (Visible keeps those sharing a group unless the setting widens it).
            if (profil is not (null or Profil.Eleve))
            {
                return null;
            }

            profil = Profil.Eleve;
        }

        var active = !query.DeactivatedOnly;
        // « == active », not « u.IsActive »: EF writes a bare boolean column, which SQLite cannot match to the
        // (IsActive, SortKey) index, and the grid would sort 100,000 rows for every page.
        var users = visible.Where(u => u.IsActive == active);
        if (query.LockedOnly)
        {
            // Few accounts are locked at a time: the LockedUntil index finds them.
            var now = clock.GetUtcNow().UtcDateTime;
            users = users.Where(u => u.Account.LockedUntil > now);
        }
        if (profil is { } p)
        {
            users = users.Where(u => u.Profil == p);
        }

        var groupFilters = query.GroupFilters().ToList();
        var pageUsers = users;
        int? countedGroup = null;
        foreach (var (type, name) in groupFilters)
        {
            var group = await db.Groups.Where(g => g.Type == type && g.Name == name)
                .Select(g => new { g.Id, Members = db.GroupCounts.Where(c => c.GroupId == g.Id).Sum(c => c.Count) })
                .SingleOrDefaultAsync(cancellationToken);
            if (group is null)
            {
                return null;
            }

            // Counting: « Id IN (members) », so SQLite starts from the group's members.
            var groupId = group.Id;
            var members = db.Memberships.Where(m => m.GroupId == groupId).Select(m => m.UserId);
            users = users.Where(u => members.Contains(u.Id));

            // The page of a large group (a level across a district): walk the sort index and probe membership row
            // by row; the page fills within a few hundred rows, where sorting thousands of members would not.
            pageUsers = group.Members > LargeGroup
                ? pageUsers.Where(u => db.Memberships.Any(m => m.UserId == u.Id && m.GroupId == groupId))
                : pageUsers.Where(u => members.Contains(u.Id));
            countedGroup = groupId;
        }

        var words = TextFolding.FoldWords(query.Search).Distinct().ToList();
        var teacherOwnGroups = actor.Profil == Profil.Enseignant && !UserPolicy.WidensTeacherScope(actor.School);
        var counting = (groupFilters.Count, words.Count, teacherOwnGroups || query.LockedOnly) switch
        {
            (0, 0, false) => Counting.Counters,
            (0, _, false) => Counting.Search,
            (1, 0, false) => Counting.GroupCounters,
            _ => Counting.Relational,
        };
        return new FilteredUsers(users, pageUsers, words, counting, active, profil, countedGroup);
    }

    /// <summary>
    /// The users of the list whose Identifiant, Id National or Id Établissement is what was typed, ignoring case: a
    /// secretary typing « JF-2025-012 » means that pupil, not every « JF 2025 … ». Found by those columns' unique
    /// indexes, whose collation ignores case on both engines (MediathequeDbContext.CaseInsensitiveColumns).
    /// </summary>
    public static async Task<IReadOnlyList<int>> ExactIdentifierMatchesAsync(FilteredUsers list, string? search, CancellationToken cancellationToken)
    {
        var typed = search?.Trim() ?? string.Empty;
        if (typed.Length == 0 || typed.Any(char.IsWhiteSpace))
        {
            return [];
        }

        return await list.Users
            .Where(u => u.Login == typed || u.NationalId == typed || u.EstablishmentId == typed)
            .OrderBy(u => u.Id)
            .Select(u => u.Id)
            .Take(MostExactMatches)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The search words checked row by row, as the word index matches them (the start of a word of the folded key):
    /// cheap where the database reads few rows anyway, a group's members or an index walk that stops at a full page.
    /// Folded words hold only letters and digits, so they carry no LIKE wildcard.
    /// </summary>
    public static IQueryable<User> WithWords(IQueryable<User> users, IReadOnlyList<string> words)
    {
        foreach (var word in words)
        {
            var pattern = "% " + word + "%";
            users = users.Where(u => EF.Functions.Like(" " + u.SearchKey, pattern));
        }

        return users;
    }

    /// <summary>Everyone an actor of this profile may see, in SQL: UserPolicy.CanSee and IsInTeacherScope, for a whole list.</summary>
    public static async Task<IQueryable<User>?> VisibleAsync(MediathequeDbContext db, User actor, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        var actorId = actor.Id;
        switch (actor.Profil)
        {
            case Profil.Administrateur or Profil.AdministrateurSecondaire:
                return users;
            case Profil.Enseignant when UserPolicy.WidensTeacherScope(actor.School):
                return users.Where(u => u.Profil == Profil.Eleve);
            case Profil.Enseignant:
                // The teacher's groups as values, read first: within one statement (« GroupId IN (the teacher's
                // groups) ») PostgreSQL cannot know a class of 25 from a level of 4,900, guessed the worst, and
                // walked 77,000 pupils in name order probing each (2.3 s). Given the ids, both engines start
                // from the groups' members.
                var teacherGroups = await db.Memberships.Where(a => a.UserId == actorId).Select(a => a.GroupId).ToListAsync(cancellationToken);
                var sharing = db.Memberships.Where(m => teacherGroups.Contains(m.GroupId)).Select(m => m.UserId);
                return users.Where(u => u.Profil == Profil.Eleve && sharing.Contains(u.Id));
            default:
                return null;
        }
    }
}

/// <summary>How a list is counted: from the counters the triggers keep, from the word index, or row by row.</summary>
internal enum Counting
{
    /// <summary>No search, no group: UserCounts holds the answer.</summary>
    Counters,

    /// <summary>A search over the whole school (or a widened teacher scope): the word index counts.</summary>
    Search,

    /// <summary>One group filter, no search: <see cref="GroupCount"/> holds the answer.</summary>
    GroupCounters,

    /// <summary>Several group filters, a search within a group, or a teacher's own groups: count the rows.</summary>
    Relational,
}

/// <summary>The filtered list, before its search words, its sort and its page.</summary>
/// <param name="Users">Active flag, profile, scope and groups, relationally: the truth, shaped for counting.</param>
/// <param name="PageUsers">The same users, shaped for reading a sorted page (a large group probed row by row).</param>
/// <param name="Words">The folded search words.</param>
/// <param name="Group">The (last) group filtered on, for <see cref="Counting.GroupCounters"/>.</param>
internal sealed record FilteredUsers(
    IQueryable<User> Users, IQueryable<User> PageUsers, IReadOnlyList<string> Words, Counting Counting, bool Active, Profil? Profil, int? Group);
