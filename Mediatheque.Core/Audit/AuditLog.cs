using Mediatheque.Core.Accounts;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Audit;

/// <summary>
/// Adds journal lines to the caller's context, so the line and the change it records are saved in
/// one transaction: no change without its line, no line for a change that failed. The address is the acting
/// person's (<see cref="ClientAddress"/>) unless the caller names one. Each line belongs to one school's journal: the
/// school of the users it names, else the school the context works in.
/// </summary>
public sealed class AuditLog(TimeProvider clock, ClientAddress client)
{
    public AuditEntry Add(
        MediathequeDbContext db, AuditAction action, User? actor, User? target, string? details = null, string? ipAddress = null)
    {
        var entry = new AuditEntry
        {
            SchoolId = Known(actor?.SchoolId) ?? Known(target?.SchoolId) ?? Known(db.SchoolScope),
            At = clock.GetUtcNow().UtcDateTime,
            Action = action,
            ActorId = actor?.Id,
            ActorLogin = actor?.Login,
            TargetId = target?.Id,
            TargetLogin = target?.Login,
            Details = details,
            IpAddress = ipAddress ?? client.Value,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>
    /// What happened to a person's way in (a sign-in, a lockout, their own password): a line in the journal of each school
    /// they belong to, naming their row there, since each school's administrators watch their own users; one line of no
    /// school for an account that belongs to none, or for a login that is no one (<paramref name="account"/> null).
    /// </summary>
    /// <param name="by">Who did it when it is not the person themselves (the platform administrator): named as the actor.</param>
    public void AddForAccount(
        MediathequeDbContext db, AuditAction action, Account? account, IReadOnlyList<AccountRow> rows, string? details = null, string? ipAddress = null,
        Account? by = null)
    {
        var at = clock.GetUtcNow().UtcDateTime;
        var schools = rows.Count == 0 ? [(UserId: (int?)null, SchoolId: (int?)null)] : rows.Select(r => (UserId: (int?)r.UserId, SchoolId: (int?)r.SchoolId));
        foreach (var (userId, schoolId) in schools)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                SchoolId = schoolId,
                At = at,
                Action = action,
                ActorId = by is null ? userId : null,
                ActorLogin = (by ?? account)?.Login,
                TargetId = userId,
                TargetLogin = account?.Login,
                Details = details,
                IpAddress = ipAddress ?? client.Value,
            });
        }
    }

    /// <summary>A school's id, or null for none yet (0: a user not saved yet takes the context's school when it is).</summary>
    private static int? Known(int? schoolId) => schoolId is > 0 ? schoolId : null;
}
