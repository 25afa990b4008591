using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Roster;

/// <summary>Why a roster's transaction was rolled back; the caller says it in its own words.</summary>
internal enum RosterSaveFailure
{
    Cancelled,

    /// <summary>Someone saved one of the users meanwhile (optimistic concurrency).</summary>
    Conflict,

    /// <summary>A login, Id National or Id Établissement was taken meanwhile (a unique index).</summary>
    Taken,
}

/// <summary>
/// Applies a planned roster: the passwords are hashed on every core first (slow on purpose, so never
/// inside the transaction), then one transaction writes the groups, updates, deactivations, the caller's
/// journal line and, in bulk, the new users with their memberships. A failure or a cancel before the
/// commit leaves the database exactly as it was.
/// </summary>
internal sealed class RosterApplier(PasswordHasher hasher, IDatabaseEngine engine)
{
    /// <summary>
    /// BCrypt on every core. A password from the row that is already the user's is left alone (null),
    /// so that re-importing the same file does not end every pupil's session.
    /// </summary>
    public Task<string?[]> HashAsync(IReadOnlyList<PasswordWork> work, Action<int, int>? progress, CancellationToken cancellationToken) =>
        hasher.HashAllAsync(work,
            item => !item.IsNew && hasher.Verify(item.Password, item.User.Account.PasswordHash) ? null : hasher.Hash(item.Password),
            progress is null ? null : done => progress(done, work.Count),
            cancellationToken);

    public static void SetPassword(PasswordWork work, string hash, DateTime now)
    {
        var user = work.User;
        user.Account.PasswordHash = hash;
        user.Account.MustChangePassword = work.MustChange;
        user.Account.PasswordChangedAt = now;
        if (!work.IsNew)
        {
            user.ClearSignInFailures();
            // Someone else set this password: the user's open sessions end, as with a reset.
            user.RenewSecurityStamp();
            if (!work.Touched)
            {
                user.Touch(now);
            }
        }
    }

    /// <summary>A journal line for each user the plan makes leave, saved with it: what they will read in their own history.</summary>
    public static void JournalLeavers(AuditLog audit, MediathequeDbContext db, RosterPlan plan, User? actor, string why)
    {
        foreach (var (user, planned) in plan.Leavers.Zip(plan.Leaves))
        {
            audit.Add(db, AuditAction.UserLeft, actor, user, $"{why} : {planned.Fate}.");
        }
    }

    /// <summary>Saves the context's changes and the plan's new users in one transaction; null when committed.</summary>
    /// <param name="afterInsert">Adds to the context what needs the new users' ids (a journal line per user), saved in the same transaction.</param>
    public async Task<RosterSaveFailure?> SaveAsync(
        MediathequeDbContext db, RosterPlan plan, CancellationToken cancellationToken, Action? afterInsert = null)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var renamed in plan.Renamed)
            {
                await AccountLogins.RenameAsync(db, renamed, cancellationToken);
            }

            // Groups, updates, deactivations and the journal line first: new groups get their ids. The memberships a rentrée
            // moves (thousands: each pupil's class and level) are written apart, in bulk, rather than one statement each.
            var (joined, left) = TakeMembershipChanges(db);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = true;
            }

            await WriteMembershipChangesAsync(db, joined, left, cancellationToken);
            // Each new person's account, then their row in this school pointing to it.
            await engine.BulkInsertAsync(db, plan.NewUsers.Select(u => u.Account).ToList(), cancellationToken);
            foreach (var user in plan.NewUsers)
            {
                user.AccountId = user.Account.Id;
            }

            await engine.BulkInsertAsync(db, plan.NewUsers, cancellationToken);
            var memberships = plan.NewUsers.SelectMany(p => p.Memberships).ToList();
            foreach (var membership in memberships)
            {
                (membership.UserId, membership.GroupId) = (membership.User.Id, membership.Group.Id);
            }

            await engine.BulkInsertAsync(db, memberships, cancellationToken);
            var representatives = plan.NewUsers.SelectMany(u => u.LegalRepresentatives).ToList();
            foreach (var representative in representatives)
            {
                representative.UserId = representative.User.Id;
            }

            await engine.BulkInsertAsync(db, representatives, cancellationToken);
            if (afterInsert is not null)
            {
                afterInsert();
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(CancellationToken.None);
            return null;
        }
        catch (OperationCanceledException)
        {
            return RosterSaveFailure.Cancelled;
        }
        catch (DbUpdateConcurrencyException)
        {
            return RosterSaveFailure.Conflict;
        }
        catch (Exception e) when (e is DbUpdateException || engine.IsUniqueViolation(e))
        {
            return RosterSaveFailure.Taken;
        }
    }

    /// <summary>
    /// A membership taken out of the change tracker with its ends: a removed one's navigations may be cleared already (the
    /// user's collection no longer holds it), its key is not.
    /// </summary>
    private sealed record MembershipChange(GroupMembership Membership, int UserId, int GroupId, User? User, Group? Group);

    /// <summary>The memberships of existing users the plan adds and removes, taken out of the change tracker.</summary>
    private static (List<MembershipChange> Joined, List<MembershipChange> Left) TakeMembershipChanges(MediathequeDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries<GroupMembership>().Where(e => e.State is EntityState.Added or EntityState.Deleted).ToList();
        var changes = entries.Select(e => (e.State, Change: new MembershipChange(e.Entity, e.Entity.UserId, e.Entity.GroupId, e.Entity.User, e.Entity.Group))).ToList();
        foreach (var entry in entries)
        {
            entry.State = EntityState.Detached;
        }

        return (changes.Where(c => c.State == EntityState.Added).Select(c => c.Change).ToList(),
            changes.Where(c => c.State == EntityState.Deleted).Select(c => c.Change).ToList());
    }

    /// <summary>
    /// One DELETE per group the removed memberships were in and one bulk insert of the added ones (their groups have ids
    /// by now); then the context sees them as saved, so that a later SaveChanges neither inserts nor deletes them again.
    /// </summary>
    private async Task WriteMembershipChangesAsync(
        MediathequeDbContext db, List<MembershipChange> joined, List<MembershipChange> left, CancellationToken cancellationToken)
    {
        foreach (var group in left.GroupBy(c => c.GroupId))
        {
            var userIds = group.Select(c => c.UserId).ToList();
            await db.Memberships.Where(m => m.GroupId == group.Key && userIds.Contains(m.UserId)).ExecuteDeleteAsync(cancellationToken);
        }

        // Out of every collection that held them, so that no later DetectChanges finds them there and inserts them again.
        var users = db.ChangeTracker.Entries<User>().ToDictionary(e => e.Entity.Id, e => e.Entity);
        var groups = db.ChangeTracker.Entries<Group>().ToDictionary(e => e.Entity.Id, e => e.Entity);
        foreach (var change in left)
        {
            users.GetValueOrDefault(change.UserId)?.Memberships.Remove(change.Membership);
            groups.GetValueOrDefault(change.GroupId)?.Memberships.Remove(change.Membership);
        }

        foreach (var (membership, _, _, user, group) in joined)
        {
            (membership.User, membership.Group, membership.UserId, membership.GroupId) = (user!, group!, user!.Id, group!.Id);
        }

        var inserted = joined.Select(c => c.Membership).ToList();
        await engine.BulkInsertAsync(db, inserted, cancellationToken);
        foreach (var membership in inserted)
        {
            db.Entry(membership).State = EntityState.Unchanged;
        }
    }
}
