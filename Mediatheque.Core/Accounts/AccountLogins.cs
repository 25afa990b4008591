using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Accounts;

/// <summary>
/// A login belongs to the person (<see cref="Account.Login"/>, unique in the deployment); each of their school rows keeps
/// a copy for its school's grid. A rename, wherever it is made, goes through here so that the copies never disagree.
/// </summary>
internal static class AccountLogins
{
    /// <summary>
    /// <paramref name="user"/>'s login was just changed (tracked, with its account): the account takes it, and so do the
    /// person's rows in other schools (the login is theirs too), in the caller's transaction.
    /// </summary>
    public static async Task RenameAsync(MediathequeDbContext db, User user, CancellationToken cancellationToken)
    {
        user.Account.Login = user.Login;
        // The rows of other schools, read past the school filter for this one purpose: only their login copy changes.
        var elsewhere = await db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter])
            .Where(u => u.AccountId == user.AccountId && u.Id != user.Id)
            .ToListAsync(cancellationToken);
        foreach (var row in elsewhere)
        {
            row.Login = user.Login;
        }
    }
}
