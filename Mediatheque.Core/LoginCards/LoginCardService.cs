using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.LoginCards;

/// <summary>A card just printed: the token exists here and on paper only.</summary>
public sealed record IssuedCard(int UserId, string Nom, string Prenom, string Login, string? Classe, string Token, DateTime ExpiresAt)
{
    public string FullName => $"{Nom.ToUpperInvariant()} {Prenom}";
}

/// <summary>The cards of « Imprimer les cartes de connexion », in class then name order, and the pupils left out with why.</summary>
public sealed record CardIssue(OperationResult Result, IReadOnlyList<IssuedCard> Cards, IReadOnlyList<SkippedUser> Skipped);

/// <summary>What the detail page says about a pupil's card.</summary>
public sealed record LoginCardState(DateTime IssuedAt, DateTime ExpiresAt, bool Expired);

/// <summary>
/// QR sign-in cards for pupils who cannot type a password yet (Clever Badges, Entra's QR sign-in): printed
/// from the grid's selection, one per pupil, valid <see cref="LoginCardOptions.ValidDays"/> days, revocable.
/// Printing a new card replaces the pupil's previous one; a deactivated pupil's card signs no one in. Revoking or
/// replacing a card ends the sessions it opened (SessionStore checks the card on every request).
/// </summary>
public sealed class LoginCardService(
    IDbContextFactory<MediathequeDbContext> factory,
    UserFinder directory,
    UserPolicy policy,
    AuditLog audit,
    NoticeOutbox notices,
    TimeProvider clock,
    IOptions<LoginCardOptions> options)
{
    public const string InvalidCardMessage =
        "Cette carte de connexion ne fonctionne pas ou plus. Demande une nouvelle carte à ton enseignant, "
        + "ou connecte-toi avec ton identifiant et ton mot de passe.";

    public const string NotEnabled = "Les cartes de connexion ne sont pas activées dans cette Médiathèque.";

    public bool Enabled => options.Value.Enabled;

    /// <summary>Pupils only, never staff; active; and only by someone who may reset that pupil's password.</summary>
    public PolicyDecision CanIssue(User actor, User target, bool sharesGroup)
    {
        if (!Enabled)
        {
            return PolicyDecision.No(NotEnabled);
        }

        if (target.Profil != Profil.Eleve)
        {
            return PolicyDecision.No("Les cartes de connexion sont réservées aux élèves.");
        }

        return target.IsActive
            ? policy.CanResetPassword(actor, target, sharesGroup)
            : PolicyDecision.No("Ce compte est désactivé : réactivez-le avant d'imprimer sa carte.");
    }

    public async Task<BulkPlan> PlanIssueAsync(int actorId, UserSelection selection, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return (await BulkTargets.LoadAsync(db, directory, policy, actorId, selection, CanIssue, cancellationToken)).ToPlan();
    }

    /// <summary>One new card per allowed pupil, replacing any previous card, in one transaction with a journal line each.</summary>
    public async Task<CardIssue> IssueAsync(int actorId, UserSelection selection, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var targets = await BulkTargets.LoadAsync(db, directory, policy, actorId, selection, CanIssue, cancellationToken);
        if (targets.Refusal is { } refusal)
        {
            return new CardIssue(OperationResult.Fail(refusal), [], []);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now.AddDays(options.Value.ValidDays);
        var ids = targets.Allowed.Select(u => u.Id).ToList();
        var existing = await db.LoginCards.Where(c => ids.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, cancellationToken);
        var cards = new List<IssuedCard>();
        foreach (var pupil in targets.Allowed)
        {
            var token = LoginCardToken.New();
            if (existing.TryGetValue(pupil.Id, out var card))
            {
                // The row is the card: a new hash and the old address finds no one.
                card.TokenHash = LoginCardToken.Hash(token);
            }
            else
            {
                card = db.LoginCards.Add(new LoginCard { UserId = pupil.Id, TokenHash = LoginCardToken.Hash(token) }).Entity;
            }

            card.IssuedAt = now;
            card.ExpiresAt = expires;
            audit.Add(db, AuditAction.LoginCardIssued, targets.Actor, pupil,
                $"Valable jusqu'au {expires:dd/MM/yyyy}" + (existing.ContainsKey(pupil.Id) ? " ; la carte précédente ne fonctionne plus" : string.Empty),
                ipAddress);
            cards.Add(new IssuedCard(pupil.Id, pupil.Nom, pupil.Prenom, pupil.Login, Roster.RosterGroups.ClassOf(pupil), token, expires));
        }

        if (cards.Count > 0)
        {
            notices.Add(db, CredentialChangeKind.LoginCardIssued, targets.Actor, targets.Allowed);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new CardIssue(OperationResult.Success, SlipOrder.Sort(cards, c => c.Classe, c => c.Nom, c => c.Prenom), targets.Skipped);
    }

    public async Task<BulkPlan> PlanRevokeAsync(int actorId, UserSelection selection, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (targets, cards) = await RevocableAsync(db, actorId, selection, cancellationToken);
        return targets.Refusal is { } refusal ? BulkPlan.Refused(refusal) : new BulkPlan(cards.Count, targets.Skipped);
    }

    /// <summary>« Révoquer les cartes »: the selected pupils' cards stop working at once.</summary>
    public async Task<BulkOutcome> RevokeAsync(int actorId, UserSelection selection, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (targets, cards) = await RevocableAsync(db, actorId, selection, cancellationToken);
        if (targets.Refusal is { } refusal)
        {
            return new BulkOutcome(OperationResult.Fail(refusal), 0, []);
        }

        foreach (var pupil in targets.Allowed.Where(u => cards.ContainsKey(u.Id)))
        {
            db.LoginCards.Remove(cards[pupil.Id]);
            audit.Add(db, AuditAction.LoginCardRevoked, targets.Actor, pupil, null, ipAddress);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new BulkOutcome(OperationResult.Success, cards.Count, targets.Skipped);
    }

    /// <summary>The pupil's card for the detail page, or null (no card, or the actor may not see this user).</summary>
    public async Task<LoginCardState?> GetStateAsync(int actorId, int userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var targets = await BulkTargets.LoadAsync(db, directory, policy, actorId, UserSelection.Of(userId),
            (_, _, _) => PolicyDecision.Yes, cancellationToken);
        if (targets.Allowed.Count == 0)
        {
            return null;
        }

        var card = await db.LoginCards.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        return card is null ? null : new LoginCardState(card.IssuedAt, card.ExpiresAt, card.ExpiresAt <= clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// The address on a card was opened: the same checks and journal as a password sign-in (deactivated,
    /// locked), and no word of whether the token ever existed. The token itself is never journaled.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string? token, string? ipAddress, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        LoginCard? card = null;
        if (Enabled && LoginCardToken.LooksValid(token))
        {
            var hash = LoginCardToken.Hash(token!);
            // A card signs its pupil in whatever their school: this lookup is by token, before any school is known.
            card = await db.LoginCards.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter])
                .Include(c => c.User).ThenInclude(u => u.Account)
                .SingleOrDefaultAsync(c => c.TokenHash == hash, cancellationToken);
        }

        var user = card?.User;
        if (card is null || user is null || user.Profil != Profil.Eleve)
        {
            return await RefuseAsync(db, AuditAction.SignInFailed, null, "Carte de connexion inconnue ou révoquée", InvalidCardMessage, ipAddress, cancellationToken);
        }

        if (card.ExpiresAt <= now)
        {
            return await RefuseAsync(db, AuditAction.SignInFailed, user, "Carte de connexion expirée", InvalidCardMessage, ipAddress, cancellationToken);
        }

        if (!user.IsActive)
        {
            return await RefuseAsync(db, AuditAction.SignInRefused, user, "Compte désactivé (carte de connexion)",
                "Votre compte est désactivé. Contactez l'administrateur de la Médiathèque.", ipAddress, cancellationToken, SignInStatus.Deactivated);
        }

        if (user.IsLockedOut(now))
        {
            return await RefuseAsync(db, AuditAction.SignInRefused, user, "Compte verrouillé (carte de connexion)",
                Lockout.LockedMessage(user.Account.LockedUntil!.Value, now), ipAddress, cancellationToken, SignInStatus.LockedOut);
        }

        await db.Accounts.Where(a => a.Id == user.AccountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSignInAt, now), cancellationToken);
        audit.Add(db, AuditAction.SignIn, user, user, "Carte de connexion", ipAddress);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, SignedInUser.Of(user.Account, await AccountRow.LoadAsync(db, user.AccountId, cancellationToken)),
            LoginCardHash: card.TokenHash);
    }

    private async Task<SignInResult> RefuseAsync(
        MediathequeDbContext db, AuditAction action, User? user, string details, string message, string? ipAddress,
        CancellationToken cancellationToken, SignInStatus status = SignInStatus.Failed)
    {
        audit.Add(db, action, user, user, details, ipAddress);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(status, Message: message);
    }

    private async Task<(BulkTargets.Targets Targets, Dictionary<int, LoginCard> Cards)> RevocableAsync(
        MediathequeDbContext db, int actorId, UserSelection selection, CancellationToken cancellationToken)
    {
        // Revoking is always allowed to whoever may manage the pupil: a lost card must stop working, whatever else changed.
        var targets = await BulkTargets.LoadAsync(db, directory, policy, actorId, selection, policy.CanUnlock, cancellationToken);
        var ids = targets.Allowed.Select(u => u.Id).ToList();
        var cards = await db.LoginCards.Where(c => ids.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, cancellationToken);
        var skipped = targets.Skipped.Concat(targets.Allowed.Where(u => !cards.ContainsKey(u.Id))
            .Select(u => new SkippedUser(u.Id, u.FullName, u.Login, "Pas de carte de connexion à révoquer."))).ToList();
        return (targets with { Skipped = skipped }, cards);
    }
}
