namespace Mediatheque.Core.Jobs;

/// <summary>
/// Who runs a job that must run once at a time across every node sharing the database (the directory's
/// synchronisation), and until when. A row per job; free when <see cref="Holder"/> is null or the lease expired
/// (its node crashed or stalled): see <see cref="JobLeases"/>.
/// </summary>
public class JobLease
{
    /// <summary>The job, e.g. « annuaire-sync »: the primary key, so two nodes cannot create it twice.</summary>
    public required string Name { get; set; }

    /// <summary>The run holding the lease (node, process and a random part); null when free.</summary>
    public string? Holder { get; set; }

    /// <summary>When the holder took it, shown to whoever is refused meanwhile.</summary>
    public DateTime? AcquiredAt { get; set; }

    /// <summary>After this instant anyone may take the lease over; the holder pushes it back while it works.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>When a run last finished its work (<see cref="HeldJobLease.CompleteAsync"/>): a daily job is then not due again on another node.</summary>
    public DateTime? LastCompletedAt { get; set; }
}
