namespace Mediatheque.Core.Audit;

/// <summary>
/// One line of the journal. Logins are copied so the line survives renames; never a password
/// or a hash (the Details are written by code, not from user input that could hold one).
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }

    /// <summary>The school whose journal holds the line; null for what concerns no school (an unknown login, the platform).</summary>
    public int? SchoolId { get; set; }

    public DateTime At { get; set; }

    public AuditAction Action { get; set; }

    public int? ActorId { get; set; }

    public string? ActorLogin { get; set; }

    public int? TargetId { get; set; }

    public string? TargetLogin { get; set; }

    public string? Details { get; set; }

    public string? IpAddress { get; set; }
}
