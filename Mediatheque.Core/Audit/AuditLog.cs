using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Audit;

/// <summary>
/// Adds journal lines to the caller's context, so the line and the change it records are saved in
/// one transaction: no change without its line, no line for a change that failed. The address is the acting
/// person's (<see cref="ClientAddress"/>) unless the caller names one.
/// </summary>
public sealed class AuditLog(TimeProvider clock, ClientAddress client)
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
            IpAddress = ipAddress ?? client.Value,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
