using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
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

            // Groups, updates, deactivations and the journal line first: new groups get their ids.
            await db.SaveChangesAsync(cancellationToken);
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
}
