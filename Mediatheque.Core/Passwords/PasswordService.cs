using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Passwords;

/// <summary>
/// A new password for someone else. <paramref name="RevokeLoginCard"/>: the pupil's QR card, the other key to the
/// account, stops working too (« Révoquer aussi la carte de connexion », the default).
/// </summary>
public sealed record PasswordReset(
    int ActorId, int TargetId, string NewPassword, string Confirmation, bool MustChangeAtNextSignIn, bool RevokeLoginCard = true);

/// <summary>
/// A new password for someone else (reset), for oneself (change), and unlocking.
/// Every password change goes through here, and here the policy is asked: a page, a crafted
/// request or an import that skips the UI gets the same refusal.
/// </summary>
public sealed class PasswordService(
    IDbContextFactory<MediathequeDbContext> factory,
    UserPolicy policy,
    UserFinder directory,
    PasswordPolicy passwordPolicy,
    PasswordHasher hasher,
    Lockout lockout,
    AuditLog audit,
    NoticeOutbox notices,
    TimeProvider clock)
{
    /// <summary>What the reset dialog shows before anything is typed: allowed, or why not.</summary>
    public async Task<PolicyDecision> CanResetAsync(int actorId, int targetId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (actor, target) = await db.ActorAndTargetAsync(actorId, targetId, cancellationToken);
        if (actor is null || target is null)
        {
            return PolicyDecision.No(UserPolicy.NotVisibleReason);
        }

        return policy.CanResetPassword(actor, target, await db.SharesGroupAsync(actorId, targetId, cancellationToken));
    }

    public async Task<OperationResult> ResetAsync(PasswordReset request, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (actor, target) = await db.ActorAndTargetAsync(request.ActorId, request.TargetId, cancellationToken);
        if (actor is null || target is null)
        {
            return OperationResult.Fail(UserPolicy.NotVisibleReason);
        }

        var applied = await ApplyResetAsync(db, actor, target, request.NewPassword, request.Confirmation, request.MustChangeAtNextSignIn,
            request.RevokeLoginCard, ipAddress, cancellationToken);
        return applied.Succeeded ? await db.SaveOrReportConflictAsync(cancellationToken) : applied;
    }

    /// <summary>
    /// Checks and applies a reset on tracked entities without saving, so the detail form can save it
    /// together with its other fields in one transaction.
    /// </summary>
    internal async Task<OperationResult> ApplyResetAsync(
        MediathequeDbContext db, User actor, User target, string? newPassword, string? confirmation, bool mustChange,
        bool revokeLoginCard, string? ipAddress, CancellationToken cancellationToken)
    {
        var decision = policy.CanResetPassword(actor, target, await db.SharesGroupAsync(actor.Id, target.Id, cancellationToken));
        if (!decision.Allowed)
        {
            return OperationResult.Fail(decision.Reason!);
        }

        var errors = ValidateNew(target.Profil, newPassword, confirmation);
        if (errors.Count > 0)
        {
            return OperationResult.Fail(errors);
        }

        // Someone else set this password: the target's open sessions end (PRODUCT.md).
        target.SetPassword(await hasher.HashAsync(newPassword!), mustChange, clock.GetUtcNow().UtcDateTime);
        var card = await LoginCardsOnReset.ApplyAsync(db, audit, actor, [target], revokeLoginCard, ipAddress, cancellationToken);
        string?[] details = [mustChange ? "Doit changer le mot de passe à la prochaine connexion" : null, card.GetValueOrDefault(target.Id)];
        audit.Add(db, AuditAction.PasswordReset, actor, target,
            details.Any(d => d is not null) ? string.Join(" ; ", details.OfType<string>()) : null, ipAddress);
        notices.Add(db, CredentialChangeKind.PasswordReset, actor, [target]);
        return OperationResult.Success;
    }

    /// <summary>
    /// Whether « Changer mon mot de passe » is the place for this person's own password: not for a directory user,
    /// who is sent to the directory's password page before typing anything.
    /// </summary>
    public async Task<PolicyDecision> CanChangeOwnAsync(int accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (account, rows) = await OwnAccountAsync(db, accountId, track: false, cancellationToken);
        if (account is null)
        {
            return PolicyDecision.No(SignInService.DeactivatedMessage);
        }

        return await DirectoryRowAsync(db, rows, cancellationToken) is { } school
            ? PolicyDecision.No(policy.OwnAnnuaireReason(school.School), policy.AnnuairePasswordPage(school.School))
            : PolicyDecision.Yes;
    }

    /// <summary>
    /// « Changer mon mot de passe »: knowing the current one is the proof, so it is guarded like sign-in. Each try is
    /// counted by the same lockout as sign-in before the current password is checked (a session left open on a
    /// classroom computer is no way around it), and wrong ones are journaled, in each school of the person.
    /// </summary>
    public async Task<OperationResult> ChangeOwnAsync(
        int accountId, string currentPassword, string newPassword, string confirmation, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (account, rows) = await OwnAccountAsync(db, accountId, track: true, cancellationToken);
        if (account is null)
        {
            return OperationResult.Fail(SignInService.DeactivatedMessage);
        }

        if (await DirectoryRowAsync(db, rows, cancellationToken) is { } directoryRow)
        {
            return OperationResult.Fail(policy.OwnAnnuaireReason(directoryRow.School));
        }

        var admission = await lockout.AdmitAsync(db, account, account.Login, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!admission.Admitted)
        {
            audit.AddForAccount(db, AuditAction.PasswordChangeFailed, account, rows, "Compte verrouillé", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return OperationResult.Fail(Lockout.LockedMessage(admission.LockedUntil ?? now, now));
        }

        if (!await hasher.VerifyAsync(currentPassword ?? string.Empty, account.PasswordHash))
        {
            audit.AddForAccount(db, AuditAction.PasswordChangeFailed, account, rows, "Mot de passe actuel incorrect", ipAddress);
            if (admission.TookLastPlace)
            {
                audit.AddForAccount(db, AuditAction.LockedOut, account, rows, "Trop d'échecs au changement de mot de passe", ipAddress);
            }

            await db.SaveChangesAsync(cancellationToken);
            return OperationResult.Fail(await lockout.LockedUntilAsync(db, account, account.Login, cancellationToken) is { } until
                ? Lockout.LockedMessage(until, now)
                : "Le mot de passe actuel est incorrect.");
        }

        await lockout.ClearAsync(db, account, cancellationToken);
        // The policy of the most demanding profile the person holds: a teacher who is also a pupil nowhere keeps 12 characters.
        var errors = ValidateNew(OwnProfil(account, rows), newPassword, confirmation);
        if (newPassword == currentPassword)
        {
            errors.Add("Le nouveau mot de passe doit être différent de l'actuel.");
        }

        if (errors.Count > 0)
        {
            return OperationResult.Fail(errors);
        }

        account.SetPassword(await hasher.HashAsync(newPassword), mustChange: false, now);
        audit.AddForAccount(db, AuditAction.PasswordChanged, account, rows, null, ipAddress);
        return await db.SaveOrReportConflictAsync(cancellationToken);
    }

    public async Task<OperationResult> UnlockAsync(int actorId, int targetId, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (actor, target) = await db.ActorAndTargetAsync(actorId, targetId, cancellationToken);
        if (actor is null || target is null)
        {
            return OperationResult.Fail(UserPolicy.NotVisibleReason);
        }

        var decision = policy.CanUnlock(actor, target, await db.SharesGroupAsync(actorId, targetId, cancellationToken));
        if (!decision.Allowed)
        {
            return OperationResult.Fail(decision.Reason!);
        }

        target.ClearSignInFailures();
        audit.Add(db, AuditAction.Unlocked, actor, target, null, ipAddress);
        return await db.SaveOrReportConflictAsync(cancellationToken);
    }

    public async Task<BulkPlan> PlanUnlockAsync(int actorId, UserSelection selection, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return (await LockedTargetsAsync(db, actorId, selection, cancellationToken)).ToPlan();
    }

    /// <summary>« Déverrouiller » for the grid's selection (the « verrouillés » filter): within the actor's scope, a journal line each, one transaction.</summary>
    public async Task<BulkOutcome> UnlockManyAsync(
        int actorId, UserSelection selection, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var targets = await LockedTargetsAsync(db, actorId, selection, cancellationToken);
        if (targets.Refusal is { } refusal)
        {
            return new BulkOutcome(OperationResult.Fail(refusal), 0, []);
        }

        foreach (var target in targets.Allowed)
        {
            target.ClearSignInFailures();
            audit.Add(db, AuditAction.Unlocked, targets.Actor, target, null, ipAddress);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new BulkOutcome(OperationResult.Success, targets.Allowed.Count, targets.Skipped);
    }

    private Task<BulkTargets.Targets> LockedTargetsAsync(MediathequeDbContext db, int actorId, UserSelection selection, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return BulkTargets.LoadAsync(db, directory, policy, actorId, selection, (actor, target, sharesGroup) =>
            target.IsLockedOut(now) ? policy.CanUnlock(actor, target, sharesGroup) : PolicyDecision.No("Ce compte n'est pas verrouillé."),
            cancellationToken);
    }

    private List<string> ValidateNew(Profil profil, string? password, string? confirmation)
    {
        var errors = passwordPolicy.Validate(profil, password).ToList();
        if (password != confirmation)
        {
            errors.Add("Les deux mots de passe ne correspondent pas.");
        }

        return errors;
    }

    /// <summary>The signed-in person's account (may they still sign in?) and their rows in every school.</summary>
    private static async Task<(Account? Account, IReadOnlyList<AccountRow> Rows)> OwnAccountAsync(
        MediathequeDbContext db, int accountId, bool track, CancellationToken cancellationToken)
    {
        var accounts = track ? db.Accounts : db.Accounts.AsNoTracking();
        var account = await accounts.SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return (null, []);
        }

        var rows = await AccountRow.LoadAsync(db, accountId, cancellationToken);
        return SignedInUser.MaySignIn(account, rows) ? (account, rows) : (null, rows);
    }

    /// <summary>The school of the person's first row the directory provides (while it is connected), whose directory manages their password; else null.</summary>
    private async Task<(School School, int UserId)?> DirectoryRowAsync(MediathequeDbContext db, IReadOnlyList<AccountRow> rows, CancellationToken cancellationToken)
    {
        if (rows.FirstOrDefault(r => policy.AnnuaireManages(r.Source)) is not { } row)
        {
            return null;
        }

        var school = await db.Schools.AsNoTracking().SingleAsync(s => s.Id == row.SchoolId, cancellationToken);
        return (school, row.UserId);
    }

    /// <summary>The profile whose password policy applies to a person's own password: the most demanding of their rows (staff before pupils).</summary>
    private static Profil OwnProfil(Account account, IReadOnlyList<AccountRow> rows) =>
        account.IsPlatformAdministrator ? Profil.Administrateur : rows.Where(r => r.IsActive).Select(r => r.Profil).DefaultIfEmpty(Profil.Eleve).Max();
}
