using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Users;

/// <summary>
/// « Liste des utilisateurs »: search, filters, sort and paging in the database, within what the actor may see in the
/// school they act in (the context enters the actor's school: <see cref="Schools.SchoolScope"/>). The list is built by
/// <see cref="UserListQuery"/>, counted by <see cref="UserListCounting"/>, sorted by <see cref="UserListOrder"/> and its
/// page shaped by <see cref="UserRows"/>.
/// </summary>
public sealed class UserFinder(
    IDbContextFactory<MediathequeDbContext> factory, IUserSearch search, UserPolicy policy, IOptions<PasswordOptions> passwords, TimeProvider clock)
{
    private readonly UserListQuery lists = new(clock);
    private readonly UserListCounting counting = new(search);
    private readonly UserListOrder order = new(search);
    private readonly UserRows rows = new(policy, passwords, new UserListOrder(search));

    public async Task<UserPage> SearchAsync(int actorId, UserQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // One connection for the page's five to seven statements, not one from the pool for each: on PostgreSQL each
        // return to the pool costs a reset on the next use.
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (await lists.SelectAsync(db, actorId, query, cancellationToken) is not { } list)
        {
            return new UserPage([], 0);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var exact = await UserListQuery.ExactIdentifierMatchesAsync(list, query.Search, cancellationToken);
        if (exact.Count > 0 && !query.AlsoApproximate)
        {
            // Issue 27: the identifier names its user; the words' other matches (« JF 2025 … ») only when asked for.
            List<UserRow> shown = query.Page > 0 ? [] : await rows.ReadAsync(db, list.Users.Where(u => exact.Contains(u.Id)), query, now, cancellationToken);
            return new UserPage(shown, exact.Count) { ExactIdentifier = true };
        }

        var total = await counting.CountAsync(db, list, cancellationToken);
        if (total == 0)
        {
            return new UserPage([], 0);
        }

        var pageSize = Math.Clamp(query.PageSize, 1, UserQuery.PageSizes[^1]);
        var source = await counting.SourceAsync(db, list, total, cancellationToken);
        var skip = Math.Max(query.Page, 0) * pageSize;
        if (exact.Count > 0)
        {
            // The exact matches head the first page; the rest of the list follows them, page after page.
            source = source.Where(u => !exact.Contains(u.Id));
            skip -= exact.Count;
        }

        // The page's ids first, then their rows: the walk in sort order reads index entries only where the index
        // holds what the filters need (on PostgreSQL an index-only scan; SQLite defers its table reads by itself),
        // and only the rows shown are read whole.
        var pageIds = order.Sorted(source, query)
            .Skip(Math.Max(skip, 0))
            .Take(pageSize + Math.Min(skip, 0))
            .Select(u => u.Id);
        var page = await rows.ReadAsync(db, db.Users.Where(u => pageIds.Contains(u.Id)), query, now, cancellationToken);
        if (skip < 0)
        {
            page.InsertRange(0, await rows.ReadAsync(db, list.Users.Where(u => exact.Contains(u.Id)), query, now, cancellationToken));
        }

        return new UserPage(page, total);
    }

    /// <summary>
    /// Every user of the filtered list (all pages), within what the actor may see, in id order (a limit keeps the same ones):
    /// « tout sélectionner ». At most <paramref name="limit"/> ids. The list the grid shows: an exact identifier's
    /// user alone, unless the approximate matches were asked for.
    /// </summary>
    public async Task<IReadOnlyList<int>> IdsAsync(int actorId, UserQuery query, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await lists.SelectAsync(db, actorId, query, cancellationToken) is not { } list)
        {
            return [];
        }

        if (!query.AlsoApproximate && await UserListQuery.ExactIdentifierMatchesAsync(list, query.Search, cancellationToken) is { Count: > 0 } exact)
        {
            return exact;
        }

        return await UserListQuery.WithWords(list.Users, list.Words).Select(u => u.Id).OrderBy(id => id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The user before and after <paramref name="userId"/> in the list the query shows; null when it is not in it.</summary>
    public async Task<UserNeighbours?> GetNeighboursAsync(int actorId, UserQuery query, int userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await lists.SelectAsync(db, actorId, query, cancellationToken) is not { } list)
        {
            return null;
        }

        // The list as the grid shows it: the exact identifier matches first (see SearchAsync), then, when asked for, the others.
        var exact = await UserListQuery.ExactIdentifierMatchesAsync(list, query.Search, cancellationToken);
        List<int> head = exact.Count == 0 ? [] : await order.Sorted(list.Users.Where(u => exact.Contains(u.Id)), query).Select(u => u.Id).ToListAsync(cancellationToken);
        if (head.Count > 0 && !query.AlsoApproximate)
        {
            return head.IndexOf(userId) is var onlyAt and >= 0
                ? new UserNeighbours(onlyAt > 0 ? head[onlyAt - 1] : null, onlyAt < head.Count - 1 ? head[onlyAt + 1] : null, onlyAt + 1, head.Count)
                : null;
        }

        var total = await counting.CountAsync(db, list, cancellationToken);
        var users = await counting.SourceAsync(db, list, total, cancellationToken);
        var rest = exact.Count == 0 ? users : users.Where(u => !exact.Contains(u.Id));
        if (head.IndexOf(userId) is var inHead and >= 0)
        {
            var next = inHead < head.Count - 1 ? head[inHead + 1] : await order.Sorted(rest, query).Select(u => (int?)u.Id).FirstOrDefaultAsync(cancellationToken);
            return new UserNeighbours(inHead > 0 ? head[inHead - 1] : null, next, inHead + 1, total);
        }

        var key = UserListOrder.SortKey(query.Sort);
        var target = await rest.Where(u => u.Id == userId).Select(key).Select(k => new { Key = k }).SingleOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return null;
        }

        var before = await rest.Where(UserListOrder.ComesBefore(key, target.Key, userId, query.Descending)).CountAsync(cancellationToken);
        var around = await order.Sorted(rest, query)
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
                var visible = (await UserListQuery.VisibleAsync(db, actor, cancellationToken))!.Select(u => u.Id);
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
}
