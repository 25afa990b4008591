using System.Linq.Expressions;
using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Users;

/// <summary>
/// A page's users as the grid shows them: their columns, their class and other groups, their status icons.
/// Only the rows of the page are read whole.
/// </summary>
internal sealed class UserRows(UserPolicy policy, IOptions<PasswordOptions> passwords, UserListOrder order)
{
    /// <summary>The rows of these users (a page's, a few), in the query's sort order.</summary>
    public async Task<List<UserRow>> ReadAsync(
        MediathequeDbContext db, IQueryable<User> users, UserQuery query, DateTime now, CancellationToken cancellationToken)
    {
        var read = await order.Sorted(users, query)
            .Select(Row(db, now))
            .ToListAsync(cancellationToken);
        var groups = await GroupLabelsAsync(db, read.Select(r => r.Row.Id).ToList(), cancellationToken);
        return read.Select(r => groups.TryGetValue(r.Row.Id, out var g)
            ? r.Row with { Classe = g.Classe, Groups = g.Others, Status = Status(r, now), Left = Left(r) }
            : r.Row with { Status = Status(r, now), Left = Left(r) }).ToList();
    }

    /// <summary>A grid row's columns and what its status icons need; its groups are read for the page's rows afterwards.</summary>
    private static Expression<Func<User, ShownRow>> Row(MediathequeDbContext db, DateTime now) =>
        u => new ShownRow(
            new UserRow(u.Id, u.Nom, u.Prenom, u.Profil, u.Login, u.NationalId, u.EstablishmentId, string.Empty, string.Empty),
            u.Source, u.IsActive, u.Account.LockedUntil, u.Account.MustChangePassword, u.Account.PasswordChangedAt,
            db.LoginCards.Any(c => c.UserId == u.Id && c.ExpiresAt > now), u.LeftAt);

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

    /// <summary>« CE1, Soutien lecture, Foot »: levels, groups and options, each in name order (classes, their own column, likewise).</summary>
    private static string GroupsLabel(IEnumerable<(GroupType Type, string Name)> groups) =>
        string.Join(", ", groups.OrderBy(g => g.Type).ThenBy(g => TextFolding.Fold(g.Name), StringComparer.Ordinal).Select(g => g.Name));

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
}
