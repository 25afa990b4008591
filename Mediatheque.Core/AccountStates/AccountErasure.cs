using Mediatheque.Core.Audit;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.AccountStates;

/// <summary>
/// « supprimé », the end of an account's life (issue 21; the French rules on ENTs: personal data deleted within three
/// months once the account is no longer needed). The user's row goes, and with it every row that holds their personal
/// data: names, ids, e-mail, photo, network folder (the row itself), memberships, login card and picture secret (their
/// foreign keys cascade), and — when they belong to no other school — their account with its login, password and
/// sessions. Legal representatives, when a source brings them, hang off the row and go with it. The journal keeps its
/// lines: the login copied into them becomes « utilisateur supprimé n° 1234 », and so do their name and quoted login in
/// the lines' details and in the directory runs' reports.
/// </summary>
internal static class AccountErasure
{
    public static string Placeholder(int userId) => $"utilisateur supprimé n° {userId}";

    /// <summary>
    /// Erases these users inside the caller's transaction, a journal line each; the context's changes are saved first and
    /// it tracks nothing afterwards.
    /// </summary>
    public static async Task EraseAsync(
        MediathequeDbContext db, AuditLog audit, IReadOnlyList<User> users, Func<User, string> details, CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return;
        }

        foreach (var user in users)
        {
            await ScrubAsync(db, user, cancellationToken);
        }

        var ids = users.Select(u => u.Id).ToList();
        var accountIds = users.Select(u => u.AccountId).Distinct().ToList();
        foreach (var user in users)
        {
            // Written before the rows go, then emptied of the login AuditLog copies from the user it is given.
            var line = audit.Add(db, AuditAction.UserErased, null, user, details(user));
            line.TargetLogin = Placeholder(user.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        // What the context tracked of them is about to be deleted under it.
        db.ChangeTracker.Clear();

        // Memberships, cards and picture secrets cascade in the database; the membership counters follow by trigger.
        await db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]).Where(u => ids.Contains(u.Id)).ExecuteDeleteAsync(cancellationToken);
        // A teacher still working in another school keeps their account (and login) there.
        var allUsers = db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]);
        await db.Accounts.Where(a => accountIds.Contains(a.Id) && !a.IsPlatformAdministrator && !allUsers.Any(u => u.AccountId == a.Id))
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The user's login and name wherever the journal and the directory's reports copied them.</summary>
    private static async Task ScrubAsync(MediathequeDbContext db, User user, CancellationToken cancellationToken)
    {
        var id = user.Id;
        var placeholder = Placeholder(id);
        var fullName = user.FullName;
        var quotedLogin = $"« {user.Login} »";
        var quotedPlaceholder = $"« {placeholder} »";
        // A line names the user by id (its actor or target), whatever school's journal holds it.
        var lines = db.AuditEntries.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]);
        await lines.Where(e => e.ActorId == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorLogin, placeholder), cancellationToken);
        await lines.Where(e => e.TargetId == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.TargetLogin, placeholder), cancellationToken);
        await lines.Where(e => (e.ActorId == id || e.TargetId == id) && e.Details != null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, e => e.Details!.Replace(fullName, placeholder).Replace(quotedLogin, quotedPlaceholder)),
                cancellationToken);
        // The directory's reports quote an entry's login and name (« BESSON Marion (bm) »): this school's runs only.
        await db.AnnuaireRuns.Where(r => r.Issues != null && (r.Issues.Contains(fullName) || r.Issues.Contains(quotedLogin)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Issues, r => r.Issues!.Replace(fullName, placeholder).Replace(quotedLogin, quotedPlaceholder)),
                cancellationToken);
    }
}
