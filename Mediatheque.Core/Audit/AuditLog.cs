using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Audit;

/// <summary>
/// Adds journal lines to the caller's context, so the line and the change it records are saved in
/// one transaction: no change without its line, no line for a change that failed.
/// </summary>
public sealed class AuditLog(TimeProvider clock)
{
    public AuditEntry Add(
        MediathequeDbContext db, AuditAction action, User? actor, User? target, string? details = null, string? ipAddress = null)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Action = action,
            ActorId = actor?.Id,
            ActorLogin = actor?.Login,
            TargetId = target?.Id,
            TargetLogin = target?.Login,
            Details = details,
            IpAddress = ipAddress,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
