using Mediatheque.Core.Audit;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Passwords;

/// <summary>A password just set for someone, to hand over once (a slip); never stored in clear.</summary>
public sealed record IssuedCredential(int UserId, string Nom, string Prenom, Profil Profil, string Login, string Password, string? Classe, bool MustChangePassword)
{
    public string FullName => $"{Nom.ToUpperInvariant()} {Prenom}";
}

/// <summary>How far « Réinitialiser les mots de passe » is: hashed so far, of how many; then saving.</summary>
public sealed record BulkResetProgress(int Done, int Total, bool Saving = false);

/// <summary>The new passwords, in class then name order, and the users left out with why.</summary>
public sealed record BulkResetOutcome(OperationResult Result, IReadOnlyList<IssuedCredential> Credentials, IReadOnlyList<SkippedUser> Skipped)
{
    public static BulkResetOutcome Fail(string message, IReadOnlyList<SkippedUser>? skipped = null) =>
        new(OperationResult.Fail(message), [], skipped ?? []);
}

/// <summary>
/// « Réinitialiser les mots de passe » for the grid's selection: a generated password each (the child-friendly
/// generator), « doit changer » by the profile's default, hashed on every core before one transaction that writes
/// every password and a journal line per user, or nothing. Users the actor may not reset are skipped and listed.
/// Meant for pupils: the staff selected (a class's teacher among her pupils) are named and left out unless the
/// selection includes them (<see cref="UserSelection.IncludeStaff"/>).
/// </summary>
public sealed class BulkPasswordReset(
    IDbContextFactory<MediathequeDbContext> factory,
    UserFinder directory,
    UserPolicy policy,
    PasswordPolicy passwordPolicy,
    PasswordGenerator generator,
    PasswordHasher hasher,
    AuditLog audit,
    NoticeOutbox notices,
    TimeProvider clock)
{
    public const string Cancelled = "Réinitialisation annulée : aucun mot de passe n'a été changé.";

    public async Task<BulkPlan> PlanAsync(int actorId, UserSelection selection, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return (await LoadAsync(db, actorId, selection, cancellationToken)).ToPlan();
    }

    /// <summary>
    /// <paramref name="revokeLoginCards"/>: the pupils' QR cards stop working too (« Révoquer aussi la carte de
    /// connexion de chacun », the default); each journal line says what was done with the card.
    /// </summary>
    public async Task<BulkResetOutcome> ApplyAsync(
        int actorId, UserSelection selection, string? ipAddress = null, IProgress<BulkResetProgress>? progress = null,
        bool revokeLoginCards = true, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var targets = await LoadAsync(db, actorId, selection, cancellationToken);
        if (targets.Refusal is { } refusal)
        {
            return BulkResetOutcome.Fail(refusal);
        }

        var work = targets.Allowed.Select(u => (User: u, Password: generator.Generate(u.Profil))).ToList();
        string?[] hashes;
        try
        {
            hashes = await hasher.HashAllAsync(work, w => hasher.Hash(w.Password),
                progress is null ? null : done => progress.Report(new BulkResetProgress(done, work.Count)), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return BulkResetOutcome.Fail(Cancelled, targets.AllSkipped);
        }

        progress?.Report(new BulkResetProgress(work.Count, work.Count, Saving: true));
        var now = clock.GetUtcNow().UtcDateTime;
        var credentials = new List<IssuedCredential>(work.Count);
        var details = $"Réinitialisation groupée ({FrenchCount.Users(work.Count)})";
        var cards = await LoginCardsOnReset.ApplyAsync(db, audit, targets.Actor, targets.Allowed, revokeLoginCards, ipAddress, cancellationToken);
        for (var i = 0; i < work.Count; i++)
        {
            var (user, password) = work[i];
            var mustChange = passwordPolicy.MustChangeByDefault(user.Profil);
            // Someone else set this password: the user's open sessions end, as with a single reset.
            user.SetPassword(hashes[i]!, mustChange, now);
            audit.Add(db, AuditAction.PasswordReset, targets.Actor, user,
                details + (mustChange ? " ; doit changer le mot de passe à la prochaine connexion" : string.Empty)
                + (cards.TryGetValue(user.Id, out var card) ? " ; " + card : string.Empty), ipAddress);
            credentials.Add(new IssuedCredential(user.Id, user.Nom, user.Prenom, user.Profil, user.Login, password, Roster.RosterGroups.ClassOf(user), mustChange));
        }

        // One notice per recipient for the whole selection (a parent of two pupils gets one).
        notices.Add(db, CredentialChangeKind.PasswordReset, targets.Actor, work.Select(w => w.User));
        try
        {
            // One SaveChanges is one transaction: every password, its journal line and the notices' outbox row, or none.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return BulkResetOutcome.Fail(Cancelled, targets.AllSkipped);
        }
        catch (DbUpdateConcurrencyException)
        {
            return BulkResetOutcome.Fail(
                "Un des utilisateurs a été modifié par quelqu'un d'autre pendant la réinitialisation : aucun mot de passe n'a été changé. Recommencez.",
                targets.AllSkipped);
        }

        return new BulkResetOutcome(OperationResult.Success,
            SlipOrder.Sort(credentials, c => c.Classe, c => c.Nom, c => c.Prenom), targets.AllSkipped);
    }

    private Task<BulkTargets.Targets> LoadAsync(MediathequeDbContext db, int actorId, UserSelection selection, CancellationToken cancellationToken) =>
        BulkTargets.LoadAsync(db, directory, policy, actorId, selection, (actor, target, sharesGroup) =>
            target.IsActive
                ? policy.CanResetPassword(actor, target, sharesGroup)
                : PolicyDecision.No("Ce compte est désactivé : réactivez-le avant de lui donner un mot de passe."),
            cancellationToken, BulkAudience.Pupils);
}
