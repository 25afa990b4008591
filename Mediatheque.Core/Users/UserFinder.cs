using System.Linq.Expressions;
using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Users;

/// <summary>
/// « Liste des utilisateurs »: search, filters, sort and paging in the database, within what the
/// actor may see (PRODUCT.md: administrators everyone of their school, a teacher the pupils in scope, a pupil no one).
/// The scope is read from the actor's id here, never trusted from the page: the actor's school (SchoolScope) and
/// their profile there.
/// </summary>
public sealed class UserFinder(
    IDbContextFactory<MediathequeDbContext> factory, IUserSearch search, UserPolicy policy, IOptions<PasswordOptions> passwords, TimeProvider clock)
{
    /// <summary>Below this many matches, the page is sorted from the matches; above, read in index order until full.</summary>
    private const int SmallMatchCount = 1_000;

    /// <summary>Above this many members, a group filter's page walks the sort index rather than sorting the members.</summary>
    private const int LargeGroup = 2_000;

    /// <summary>A grid row's columns and what its status icons need; its groups are read for the page's rows afterwards.</summary>
    private static Expression<Func<User, ShownRow>> Row(MediathequeDbContext db, DateTime now) =>
        u => new ShownRow(
            new UserRow(u.Id, u.Nom, u.Prenom, u.Profil, u.Login, u.NationalId, u.EstablishmentId, string.Empty, string.Empty),
            u.Source, u.IsActive, u.Account.LockedUntil, u.Account.MustChangePassword, u.Account.PasswordChangedAt,
            db.LoginCards.Any(c => c.UserId == u.Id && c.ExpiresAt > now), u.LeftAt);

    public async Task<UserPage> SearchAsync(int actorId, UserQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // One connection for the page's five to seven statements, not one from the pool for each: on PostgreSQL each
        // return to the pool costs a reset on the next use.
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (await SelectAsync(db, actorId, query, cancellationToken) is not { } selection)
        {
            return new UserPage([], 0);
        }

        var total = await CountAsync(db, selection, cancellationToken);
        if (total == 0)
        {
            return new UserPage([], 0);
        }

        var pageSize = Math.Clamp(query.PageSize, 1, UserQuery.PageSizes[^1]);
        var source = await SourceAsync(db, selection, total, cancellationToken);
        var skip = Math.Max(query.Page, 0) * pageSize;
        var exact = await ExactIdentifierMatchesAsync(selection, query.Search, cancellationToken);
        if (exact.Count > 0)
        {
            // The exact matches head the first page; the rest of the list follows them, page after page.
            source = source.Where(u => !exact.Contains(u.Id));
            skip -= exact.Count;
        }

        // The page's ids first, then their rows: the walk in sort order reads index entries only where the index
        // holds what the filters need (on PostgreSQL an index-only scan; SQLite defers its table reads by itself),
        // and only the rows shown are read whole.
        var pageIds = Sorted(source, query)
            .Skip(Math.Max(skip, 0))
            .Take(pageSize + Math.Min(skip, 0))
            .Select(u => u.Id);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await Sorted(db.Users.Where(u => pageIds.Contains(u.Id)), query)
            .Select(Row(db, now))
            .ToListAsync(cancellationToken);
        if (skip < 0)
        {
            var first = await Sorted(selection.Users.Where(u => exact.Contains(u.Id)), query)
                .Select(Row(db, now))
                .ToListAsync(cancellationToken);
            rows.InsertRange(0, first);
        }

        var groups = await GroupLabelsAsync(db, rows.Select(r => r.Row.Id).ToList(), cancellationToken);
        return new UserPage(
            rows.Select(r => groups.TryGetValue(r.Row.Id, out var g)
                ? r.Row with { Classe = g.Classe, Groups = g.Others, Status = Status(r, now), Left = Left(r) }
                : r.Row with { Status = Status(r, now), Left = Left(r) }).ToList(),
            total);
    }

    /// <summary>
    /// Every user of the filtered list (all pages), within what the actor may see, in no particular order:
    /// « tout sélectionner ». At most <paramref name="limit"/> ids.
    /// </summary>
    public async Task<IReadOnlyList<int>> IdsAsync(int actorId, UserQuery query, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await SelectAsync(db, actorId, query, cancellationToken) is not { } selection)
        {
            return [];
        }

        return await WithWords(selection.Users, selection.Words).Select(u => u.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The user before and after <paramref name="userId"/> in the list the query shows; null when it is not in it.</summary>
    public async Task<UserNeighbours?> GetNeighboursAsync(int actorId, UserQuery query, int userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await SelectAsync(db, actorId, query, cancellationToken) is not { } selection)
        {
            return null;
        }

        var total = await CountAsync(db, selection, cancellationToken);
        var users = await SourceAsync(db, selection, total, cancellationToken);

        // The list as the grid shows it: the exact identifier matches first (see SearchAsync), then the others.
        var exact = await ExactIdentifierMatchesAsync(selection, query.Search, cancellationToken);
        List<int> head = exact.Count == 0 ? [] : await Sorted(selection.Users.Where(u => exact.Contains(u.Id)), query).Select(u => u.Id).ToListAsync(cancellationToken);
        var rest = exact.Count == 0 ? users : users.Where(u => !exact.Contains(u.Id));
        if (head.IndexOf(userId) is var inHead and >= 0)
        {
            var next = inHead < head.Count - 1 ? head[inHead + 1] : await Sorted(rest, query).Select(u => (int?)u.Id).FirstOrDefaultAsync(cancellationToken);
            return new UserNeighbours(inHead > 0 ? head[inHead - 1] : null, next, inHead + 1, total);
        }

        var key = SortKey(query.Sort);
        var target = await rest.Where(u => u.Id == userId).Select(key).Select(k => new { Key = k }).SingleOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return null;
        }

        var before = await rest.Where(ComesBefore(key, target.Key, userId, query.Descending)).CountAsync(cancellationToken);
        var around = await Sorted(rest, query)
            .Skip(Math.Max(before - 1, 0))
            .Take(before == 0 ? 2 : 3)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        var index = around.IndexOf(userId);
        return new UserNeighbours(
            index > 0 ? around[index - 1] : head.Count > 0 ? head[^1] : null,
            index >= 0 && index < around.Count - 1 ? around[index + 1] : null,
            head.Count + before + 1,
            total);
    }

    /// <summary>What the filter selects offer this actor: the profiles it may see and the groups that exist.</summary>
    public async Task<UserFilterOptions> GetFilterOptionsAsync(int actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await db.ActorAsync(actorId, cancellationToken);
        IQueryable<Group> groups;
        IReadOnlyList<Profil> profiles;
        switch (actor)
        {
            case { IsActive: true, Profil: Profil.Administrateur or Profil.AdministrateurSecondaire }:
                profiles = Enum.GetValues<Profil>();
                groups = db.Groups;
                break;
            case { IsActive: true, Profil: Profil.Enseignant }:
                profiles = [Profil.Eleve];
                // A teacher limited to their groups is offered the groups their pupils are in, not the whole school's.
                var visible = (await VisibleAsync(db, actor, cancellationToken))!.Select(u => u.Id);
                groups = UserPolicy.WidensTeacherScope(actor.School) ? db.Groups : db.Groups.Where(g => g.Memberships.Any(m => visible.Contains(m.UserId)));
                break;
            default:
                return new UserFilterOptions([], new Dictionary<GroupType, IReadOnlyList<string>>());
        }

        // Last year's classes the rentrée archived are gone from the filters (issue 21).
        var all = await groups.Where(g => g.ArchivedAt == null).Select(g => new { g.Type, g.Name }).ToListAsync(cancellationToken);
        var byType = all.GroupBy(g => g.Type).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<string>)g.Select(x => x.Name).OrderBy(TextFolding.Fold, StringComparer.Ordinal).ToList());
        return new UserFilterOptions(profiles, byType);
    }

    /// <summary>« CE1, Soutien lecture, Foot »: levels, groups and options, each in name order (classes, their own column, likewise).</summary>
    private static string GroupsLabel(IEnumerable<(GroupType Type, string Name)> groups) =>
        string.Join(", ", groups.OrderBy(g => g.Type).ThenBy(g => TextFolding.Fold(g.Name), StringComparer.Ordinal).Select(g => g.Name));

    /// <summary>
    /// The query in two forms: relational (the truth: active flag, profile, the actor's scope, groups),
    /// and as the engine's word index over the same filters plus the search words (<see cref="IUserSearch"/>:
    /// for the count and the candidates).
    /// Null when the actor may see no one, or a filter names nothing that exists.
    /// </summary>
    private async Task<Selection?> SelectAsync(MediathequeDbContext db, int actorId, UserQuery query, CancellationToken cancellationToken)
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
        return new Selection(users, pageUsers, words, counting, active, profil, countedGroup);
    }

    private Task<int> CountAsync(MediathequeDbContext db, Selection selection, CancellationToken cancellationToken) =>
        selection.Counting switch
        {
            // The engine's own SQL: the school filter does not reach it, so it is given the context's school.
            Counting.Counters => db.Database.SqlQuery<int>(search.CountAll(db.SchoolScope, selection.Active, selection.Profil)).SingleAsync(cancellationToken),
            Counting.Search => db.Database.SqlQuery<int>(search.CountMatching(db.SchoolScope, selection.Active, selection.Profil, selection.Words)).SingleAsync(cancellationToken),
            Counting.GroupCounters => GroupCounts(db, selection.Group!.Value, selection.Active, selection.Profil).SumAsync(c => c.Count, cancellationToken),
            // Several groups, a search within groups, a teacher's own groups: small sets, counted from their memberships.
            _ => WithWords(selection.Users, selection.Words).CountAsync(cancellationToken),
        };

    private static IQueryable<GroupCount> GroupCounts(MediathequeDbContext db, int groupId, bool active, Profil? profil)
    {
        var counts = db.GroupCounts.Where(c => c.GroupId == groupId && c.IsActive == active);
        return profil is { } p ? counts.Where(c => c.Profil == p) : counts;
    }

    /// <summary>
    /// The search words checked row by row, as the word index matches them (the start of a word of the folded key):
    /// cheap where the database reads few rows anyway, a group's members or an index walk that stops at a full page.
    /// Folded words hold only letters and digits, so they carry no LIKE wildcard.
    /// </summary>
    private static IQueryable<User> WithWords(IQueryable<User> users, IReadOnlyList<string> words)
    {
        foreach (var word in words)
        {
            var pattern = "% " + word + "%";
            users = users.Where(u => EF.Functions.Like(" " + u.SearchKey, pattern));
        }

        return users;
    }

    /// <summary>
    /// Where the page is read from. A search with few matches over the whole school: their ids from the
    /// word index, then those rows sorted (a name, an Id National). Otherwise the words are checked row by row
    /// (see <see cref="WithWords"/>): with many matches (« m ») the sort column's index is walked in order and
    /// the page fills within a few hundred rows, where sorting 20,000 matches would take far longer.
    /// </summary>
    private async Task<IQueryable<User>> SourceAsync(MediathequeDbContext db, Selection selection, int total, CancellationToken cancellationToken)
    {
        if (selection.Counting != Counting.Search || total > SmallMatchCount)
        {
            return WithWords(selection.PageUsers, selection.Words);
        }

        var ids = await db.Database.SqlQuery<int>(search.Matching(db.SchoolScope, selection.Active, selection.Profil, selection.Words))
            .Take(2 * SmallMatchCount + 1).ToListAsync(cancellationToken);
        // The candidates may include deactivated users or staff the filters drop; too many, and the IN list costs more than the walk.
        return ids.Count > 2 * SmallMatchCount ? WithWords(selection.PageUsers, selection.Words) : selection.PageUsers.Where(u => ids.Contains(u.Id));
    }

    /// <summary>
    /// The users of the list whose Identifiant, Id National or Id Établissement is exactly what was typed: a secretary
    /// typing « JF-2025-012 » wants that pupil first, not among every « JF 2025 … » in name order. At most three (each
    /// column is unique), found by those columns' unique indexes.
    /// </summary>
    private static async Task<List<int>> ExactIdentifierMatchesAsync(Selection selection, string? search, CancellationToken cancellationToken)
    {
        var typed = search?.Trim() ?? string.Empty;
        if (typed.Length == 0 || typed.Any(char.IsWhiteSpace))
        {
            return [];
        }

        // Identifiers are compared as stored, in the case they are usually written or typed.
        string[] forms = [.. new[] { typed, typed.ToUpperInvariant(), typed.ToLowerInvariant() }.Distinct()];
        return await selection.Users
            .Where(u => forms.Contains(u.Login) || forms.Contains(u.NationalId!) || forms.Contains(u.EstablishmentId!))
            .Select(u => u.Id)
            .Take(3)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Everyone an actor of this profile may see, in SQL: UserPolicy.CanSee and IsInTeacherScope, for a whole list.</summary>
    private static async Task<IQueryable<User>?> VisibleAsync(MediathequeDbContext db, User actor, CancellationToken cancellationToken)
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

    private static Expression<Func<User, string?>> SortKey(UserSort sort) => sort switch
    {
        UserSort.Prenom => u => u.PrenomSortKey,
        UserSort.Login => u => u.Login,
        UserSort.NationalId => u => u.NationalId,
        UserSort.EstablishmentId => u => u.EstablishmentId,
        _ => u => u.SortKey,
    };

    /// <summary>« Has a value » first where the engine would put NULL last (PostgreSQL), so that NULL sorts first on both.</summary>
    private static Expression<Func<User, bool>>? HasKey(UserSort sort) => sort switch
    {
        UserSort.NationalId => u => u.NationalId != null,
        UserSort.EstablishmentId => u => u.EstablishmentId != null,
        _ => null,
    };

    /// <summary>
    /// Sorted on the column, then on Id so that pages and neighbours are stable among equal keys. Users without
    /// the value (no Id National) come first ascending and last descending, on every engine.
    /// </summary>
    private IOrderedQueryable<User> Sorted(IQueryable<User> users, UserQuery query)
    {
        var key = SortKey(query.Sort);
        var ordered = !search.NullsSortFirst && HasKey(query.Sort) is { } hasKey
            ? query.Descending ? users.OrderByDescending(hasKey).ThenByDescending(key) : users.OrderBy(hasKey).ThenBy(key)
            : query.Descending ? users.OrderByDescending(key) : users.OrderBy(key);
        return query.Descending ? ordered.ThenByDescending(u => u.Id) : ordered.ThenBy(u => u.Id);
    }

    /// <summary>
    /// Rows sorted before (key, id), as <see cref="Sorted"/> orders them: NULL keys first ascending, last descending.
    /// Comparisons run in SQL so that the column's collation is the ORDER BY's.
    /// </summary>
    private static Expression<Func<User, bool>> ComesBefore(Expression<Func<User, string?>> key, string? value, int id, bool descending)
    {
        var user = key.Parameters[0];
        var column = key.Body;
        var box = Expression.Constant(new Box(value, id));
        var boxed = Expression.Property(box, nameof(Box.Value));
        var boxedId = Expression.Property(box, nameof(Box.Id));
        var userId = Expression.Property(user, nameof(User.Id));
        var nullKey = Expression.Constant(null, typeof(string));
        var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, column, boxed);
        var zero = Expression.Constant(0);
        Expression isNull = Expression.Equal(column, nullKey);
        Expression notNull = Expression.NotEqual(column, nullKey);
        Expression sameKey = Expression.Equal(column, boxed);
        Expression keyBefore = descending ? Expression.GreaterThan(compare, zero) : Expression.LessThan(compare, zero);
        Expression idBefore = descending ? Expression.GreaterThan(userId, boxedId) : Expression.LessThan(userId, boxedId);
        var nullsFirst = !descending;

        Expression body = (nullsFirst, value is null) switch
        {
            (true, true) => Expression.AndAlso(isNull, idBefore),
            (true, false) => Expression.OrElse(Expression.OrElse(isNull, keyBefore), Expression.AndAlso(sameKey, idBefore)),
            (false, true) => Expression.OrElse(notNull, idBefore),
            (false, false) => Expression.AndAlso(notNull, Expression.OrElse(keyBefore, Expression.AndAlso(sameKey, idBefore))),
        };
        return Expression.Lambda<Func<User, bool>>(body, user);
    }

    /// <summary>A page's rows' « Classe » column (a phone shows it with the name) and the other groups.</summary>
    private static async Task<Dictionary<int, (string Classe, string Others)>> GroupLabelsAsync(MediathequeDbContext db, List<int> userIds, CancellationToken cancellationToken)
    {
        var memberships = await db.Memberships
            .Where(m => userIds.Contains(m.UserId))
            .Select(m => new { m.UserId, m.Group.Type, m.Group.Name })
            .ToListAsync(cancellationToken);
        return memberships.GroupBy(m => m.UserId).ToDictionary(g => g.Key, g => (
            GroupsLabel(g.Where(m => m.Type == GroupType.Classe).Select(m => (m.Type, m.Name))),
            GroupsLabel(g.Where(m => m.Type != GroupType.Classe).Select(m => (m.Type, m.Name)))));
    }

    /// <summary>A row's status icons, from the columns read with it.</summary>
    private UserStatus Status(ShownRow r, DateTime now)
    {
        var initialSince = now.AddDays(-passwords.Value.InitialPasswordDays);
        return (policy.AnnuaireManages(r.Source) ? UserStatus.Directory : UserStatus.None)
            | (r.LockedUntil > now ? UserStatus.Locked : UserStatus.None)
            | (r.MustChangePassword ? UserStatus.MustChange : UserStatus.None)
            | (r.MustChangePassword && r.PasswordChangedAt < initialSince ? UserStatus.InitialPasswordExpired : UserStatus.None)
            | (!r.IsActive ? UserStatus.Deactivated : UserStatus.None)
            | (r.Card && r.IsActive ? UserStatus.LoginCard : UserStatus.None);
    }

    /// <summary>« Parti le 04/09 » for a leaver who still signs in (issue 21); a désactivé one has its icon.</summary>
    private static string? Left(ShownRow r) => r is { IsActive: true, LeftAt: { } left } ? AccountLife.LeftLabel(left) : null;

    /// <summary>A page's row as read: its columns, and what its status icons are computed from.</summary>
    private sealed record ShownRow(
        UserRow Row, UserSource Source, bool IsActive, DateTime? LockedUntil, bool MustChangePassword, DateTime? PasswordChangedAt, bool Card,
        DateTime? LeftAt);

    private enum Counting
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

    /// <param name="Users">Active flag, profile, scope and groups, relationally: the truth, shaped for counting.</param>
    /// <param name="PageUsers">The same users, shaped for reading a sorted page (see <see cref="LargeGroup"/>).</param>
    /// <param name="Words">The folded search words.</param>
    /// <param name="Group">The (last) group filtered on, for <see cref="Counting.GroupCounters"/>.</param>
    private sealed record Selection(
        IQueryable<User> Users, IQueryable<User> PageUsers, IReadOnlyList<string> Words, Counting Counting, bool Active, Profil? Profil, int? Group);

    /// <summary>Holds the keyset values so that EF sends them as parameters, not as SQL literals.</summary>
    private sealed record Box(string? Value, int Id);
}
