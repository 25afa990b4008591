using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Accounts;

/// <summary>One of a person's school rows, as what is decided for the whole account (sign-in, sessions, its journal lines) needs it.</summary>
public sealed record AccountRow(int UserId, int SchoolId, Profil Profil, bool IsActive, UserSource Source, string FullName)
{
    /// <summary>
    /// Every row of the account, in every school, in school order. Sign-in and sessions concern the person, not one
    /// school: this read looks past the school filter, and returns only what those decisions need.
    /// </summary>
    public static async Task<IReadOnlyList<AccountRow>> LoadAsync(MediathequeDbContext db, int accountId, CancellationToken cancellationToken)
    {
        var rows = await db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter])
            .Where(u => u.AccountId == accountId)
            .OrderBy(u => u.SchoolId)
            .Select(u => new { u.Id, u.SchoolId, u.Profil, u.IsActive, u.Source, u.Nom, u.Prenom })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new AccountRow(r.Id, r.SchoolId, r.Profil, r.IsActive, r.Source, $"{r.Nom.ToUpperInvariant()} {r.Prenom}")).ToList();
    }
}
