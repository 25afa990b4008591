using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Jobs;

/// <summary>
/// The outcome of <see cref="JobLeases.TryAcquireAsync"/>: the lease, or since when someone else holds it, or (a job due
/// once a period) that a run already completed it since <c>completedBefore</c>.
/// </summary>
public sealed record JobLeaseAttempt(HeldJobLease? Lease, DateTime? HeldSince, bool AlreadyDone = false);

/// <summary>
/// Database leases, so that a job runs once at a time whichever node, tab or schedule starts it. Taking a lease is
/// one conditional UPDATE (« free or expired ») whose affected-row count decides, the same portable statement on
/// every provider; the first use of a job inserts its row, and of two nodes inserting it at once the primary key
/// lets one win. A lease expires, so that a node that crashed while holding one blocks the job only until then.
/// </summary>
public sealed class JobLeases(IDbContextFactory<MediathequeDbContext> factory, IDatabaseEngine engine, TimeProvider clock)
{
    /// <param name="completedBefore">
    /// For a job due once a period (the daily job): taken only if no run completed it at or after this instant, so that
    /// the second node waking up after the first one finished does not run it again.
    /// </param>
    public async Task<JobLeaseAttempt> TryAcquireAsync(
        string name, TimeSpan duration, CancellationToken cancellationToken = default, DateTime? completedBefore = null)
    {
        var holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Twice at most: the holder may release between our UPDATE and our look at the row.
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var until = now + duration;
            var claimed = await db.JobLeases
                .Where(l => l.Name == name && (l.Holder == null || l.ExpiresAt == null || l.ExpiresAt <= now)
                    && (completedBefore == null || l.LastCompletedAt == null || l.LastCompletedAt < completedBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.AcquiredAt, now)
                    .SetProperty(l => l.ExpiresAt, until), cancellationToken);
            if (claimed == 1)
            {
                return new JobLeaseAttempt(new HeldJobLease(this, name, holder), null);
            }

            var lease = await db.JobLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == name, cancellationToken);
            if (lease is null)
            {
                try
                {
                    db.JobLeases.Add(new JobLease { Name = name, Holder = holder, AcquiredAt = now, ExpiresAt = until });
                    await db.SaveChangesAsync(cancellationToken);
                    return new JobLeaseAttempt(new HeldJobLease(this, name, holder), null);
                }
                catch (DbUpdateException e) when (engine.IsUniqueViolation(e))
                {
                    // Another node created the row at the same moment, and holds the lease.
                    db.ChangeTracker.Clear();
                    lease = await db.JobLeases.AsNoTracking().SingleAsync(l => l.Name == name, cancellationToken);
                }
            }

            if (!IsHeld(lease, now) && completedBefore is { } since && lease.LastCompletedAt >= since)
            {
                return new JobLeaseAttempt(null, null, AlreadyDone: true);
            }

            if (IsHeld(lease, now) || attempt == 1)
            {
                return new JobLeaseAttempt(null, lease.AcquiredAt ?? now);
            }
        }
    }

    /// <summary>Since when a live lease is held, or null when the job is free (never run, released, expired).</summary>
    public async Task<DateTime?> HeldSinceAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var lease = await db.JobLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == name, cancellationToken);
        return IsHeld(lease, clock.GetUtcNow().UtcDateTime) ? lease!.AcquiredAt : null;
    }

    /// <summary>Pushes the expiry back; false when the lease was lost (it expired and another run took it over).</summary>
    internal async Task<bool> RenewAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow().UtcDateTime + duration;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.JobLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1;
    }

    /// <summary>Records that this holder's run did its work, now (see <c>completedBefore</c>).</summary>
    internal async Task CompleteAsync(string name, string holder, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.JobLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LastCompletedAt, now), cancellationToken);
    }

    /// <summary>Frees the lease if this holder still has it (not one a later run took over).</summary>
    internal async Task ReleaseAsync(string name, string holder)
    {
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        await db.JobLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, (string?)null).SetProperty(l => l.AcquiredAt, (DateTime?)null)
                .SetProperty(l => l.ExpiresAt, (DateTime?)null), CancellationToken.None);
    }

    private static bool IsHeld(JobLease? lease, DateTime now) => lease is { Holder: not null, ExpiresAt: { } expires } && expires > now;
}

/// <summary>A lease this run holds: renewed while it works, released when disposed (success, failure or cancel).</summary>
public sealed class HeldJobLease(JobLeases leases, string name, string holder) : IAsyncDisposable
{
    public Task<bool> RenewAsync(TimeSpan duration, CancellationToken cancellationToken) => leases.RenewAsync(name, holder, duration, cancellationToken);

    /// <summary>The run did its work: a job due once a period is not due again until the next one.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => leases.CompleteAsync(name, holder, cancellationToken);

    public async ValueTask DisposeAsync() => await leases.ReleaseAsync(name, holder);
}
