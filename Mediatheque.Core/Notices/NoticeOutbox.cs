using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Notices;

/// <summary>
/// The one call every path that changes someone else's way in makes (reset dialog and detail form, bulk reset, import
/// with passwords, sign-in cards, picture sequences, a staff lockout): it adds the change to the caller's context, so
/// that the caller's own save writes the change and its outbox row in one transaction. Nothing is sent here and
/// nothing waits for mail; <see cref="NoticeSender"/> delivers later. Without an SMTP host nothing is written.
/// </summary>
public sealed class NoticeOutbox(IOptions<MailOptions> options, TimeProvider clock, NoticeSignal signal)
{
    public bool Enabled => options.Value.IsConfigured;

    /// <summary>Whether a change of this kind to this user is written at all (a lockout: staff only).</summary>
    public bool Tells(CredentialChangeKind kind, User user) => Enabled && (kind != CredentialChangeKind.LockedOut || user.Profil.IsStaff());

    public void Add(MediathequeDbContext db, CredentialChangeKind kind, User? actor, IEnumerable<User> targets)
    {
        if (!Enabled)
        {
            return;
        }

        // Issue 23: a lockout is told to staff only (a pupil mistyping is no news for anyone).
        targets = targets.ToList();
        var ids = targets.Where(t => Tells(kind, t)).Select(t => t.Id).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        if (ids.Any(id => id <= 0))
        {
            throw new InvalidOperationException("A credential change names users already saved.");
        }

        // One change per school: each school's notices are signed with its name and listed on its page.
        foreach (var school in targets.Where(t => ids.Contains(t.Id)).DistinctBy(t => t.Id).GroupBy(t => t.SchoolId))
        {
            db.CredentialChanges.Add(new CredentialChange
            {
                At = clock.GetUtcNow().UtcDateTime,
                Kind = kind,
                SchoolId = school.Key,
                ActorId = actor?.Id,
                TargetIds = string.Join(',', school.Select(t => t.Id)),
            });
        }

        // This node's sender starts as soon as the change is saved instead of at its next look.
        db.SavedChanges += (_, _) => signal.Pulse();
    }
}

/// <summary>Wakes this node's sender: a change was just saved here.</summary>
public sealed class NoticeSignal
{
    private readonly SemaphoreSlim pulses = new(0, 1);

    public void Pulse()
    {
        try
        {
            pulses.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Until pulsed or <paramref name="timeout"/> has passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => pulses.WaitAsync(timeout, cancellationToken);
}
