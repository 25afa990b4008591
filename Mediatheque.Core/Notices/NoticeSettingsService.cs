using Mediatheque.Core.Audit;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Notices;

/// <summary>A notice that could not be delivered, as the settings page lists it: the recipient masked.</summary>
public sealed record FailedNotice(long Id, DateTime CreatedAt, string Kind, string Recipient, bool ToLegalRepresentative, string About, string? Reason);

/// <summary>The « Avis par courriel » section: whether mail is configured, the school's choices, what is waiting and what failed.</summary>
public sealed record NoticeSettingsView(
    bool MailConfigured, string? Server, string? From, NoticeSettings Settings, int Pending, IReadOnlyList<FailedNotice> Failed, string? ActorEmail);

/// <summary>
/// The notices' settings for an administrator: read, change (journaled), a test message, and the notices that failed.
/// Asked with the actor as they are now, like every Core service.
/// </summary>
public sealed class NoticeSettingsService(
    IDbContextFactory<MediathequeDbContext> factory,
    NoticeSettingsStore store,
    UserPolicy policy,
    SmtpMailer mailer,
    AuditLog audit,
    TimeProvider clock,
    NoticeSignal signal,
    IOptions<MailOptions> options)
{
    public const string NotAllowed = "Seul un administrateur de la Médiathèque peut régler les avis par courriel.";

    public const string NotConfigured =
        "L'envoi de courriels n'est pas configuré (Mediatheque:Mail:Smtp:Host) : aucun avis n'est envoyé. Demandez à la personne qui installe la Médiathèque de renseigner le serveur de courrier.";

    public async Task<NoticeSettingsView?> GetAsync(int actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await AdministratorAsync(db, actorId, cancellationToken) is not { } actor)
        {
            return null;
        }

        var settings = await store.ReadAsync(db, cancellationToken);
        var pending = await db.Notices.CountAsync(n => n.Status == NoticeStatus.Pending, cancellationToken)
            + await db.CredentialChanges.CountAsync(c => c.ExpandedAt == null, cancellationToken);
        var failed = await db.Notices.AsNoTracking().Where(n => n.Status == NoticeStatus.Failed)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(50).ToListAsync(cancellationToken);
        var ids = failed.SelectMany(n => n.Users()).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.Nom, u.Prenom }).ToDictionaryAsync(u => u.Id, u => $"{u.Nom.ToUpper()} {u.Prenom}", cancellationToken);
        var smtp = options.Value.Smtp;
        return new NoticeSettingsView(
            options.Value.IsConfigured,
            options.Value.IsConfigured ? smtp.Describe() : null,
            options.Value.IsConfigured ? smtp.From : null,
            settings,
            pending,
            failed.Select(n => new FailedNotice(n.Id, n.CreatedAt, NoticeText.Label(n.Kind), EmailMask.Mask(n.Recipient), n.ToLegalRepresentative,
                string.Join(", ", n.Users().Select(id => names.GetValueOrDefault(id) ?? "utilisateur supprimé")), n.LastError)).ToList(),
            actor.Email);
    }

    public async Task<OperationResult> SaveAsync(int actorId, bool notifyUsers, bool notifyLegalRepresentatives, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await AdministratorAsync(db, actorId, cancellationToken);
        if (actor is null)
        {
            return OperationResult.Fail(NotAllowed);
        }

        await store.WriteAsync(db, notifyUsers, notifyLegalRepresentatives, clock.GetUtcNow().UtcDateTime, cancellationToken);
        audit.Add(db, AuditAction.NoticeSettingsChanged, actor, null,
            $"Prévenir la personne concernée : {(notifyUsers ? "oui" : "non")} ; prévenir les responsables légaux : {(notifyLegalRepresentatives ? "oui" : "non")}");
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Success;
    }

    /// <summary>
    /// « Envoyer un message d'essai »: sent now, while the administrator waits, so that they read at once whether the
    /// server takes it (the one mail anyone waits for).
    /// </summary>
    public async Task<OperationResult> SendTestAsync(int actorId, string? address, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await AdministratorAsync(db, actorId, cancellationToken);
        if (actor is null)
        {
            return OperationResult.Fail(NotAllowed);
        }

        if (!options.Value.IsConfigured)
        {
            return OperationResult.Fail(NotConfigured);
        }

        address = address?.Trim();
        if (string.IsNullOrEmpty(address) || UserFieldRules.Check(UserField.Email, address) is not null)
        {
            return OperationResult.Fail("Indiquez l'adresse e-mail qui doit recevoir le message d'essai.");
        }

        var school = (await store.ReadAsync(db, cancellationToken)).SchoolName;
        var body = $"Bonjour,\n\nCe message d'essai, demandé {NoticeText.When(clock.GetUtcNow().UtcDateTime)} depuis les réglages de la Médiathèque, "
            + $"montre que la Médiathèque ({school}) peut envoyer ses avis par courriel.\n\nVous n'avez rien à faire.\n\n-- \nMédiathèque — {school}\n";
        try
        {
            await using var session = await mailer.ConnectAsync(cancellationToken);
            await session.SendAsync(address, $"{school} : message d'essai de la Médiathèque", body, cancellationToken);
        }
        catch (MailFailure failure)
        {
            return OperationResult.Fail("Le message d'essai n'est pas parti. " + EmailMask.MaskIn(failure.Reason, address));
        }

        audit.Add(db, AuditAction.NoticeTestSent, actor, null, $"Message d'essai envoyé à {EmailMask.Mask(address)}");
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Success;
    }

    /// <summary>« Renvoyer »: a failed notice is tried again from now, with a new day to succeed in.</summary>
    public async Task<OperationResult> RetryAsync(int actorId, long noticeId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await AdministratorAsync(db, actorId, cancellationToken) is null)
        {
            return OperationResult.Fail(NotAllowed);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var retried = await db.Notices.Where(n => n.Id == noticeId && n.Status == NoticeStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NoticeStatus.Pending).SetProperty(n => n.CreatedAt, now)
                .SetProperty(n => n.NextAttemptAt, now), cancellationToken);
        if (retried == 0)
        {
            return OperationResult.Fail("Cet avis n'est plus en échec.");
        }

        signal.Pulse();
        return OperationResult.Success;
    }

    private async Task<User?> AdministratorAsync(MediathequeDbContext db, int actorId, CancellationToken cancellationToken)
    {
        // The actor's school: the context sees its settings and its notices only from here on.
        var actor = await db.ActorAsync(actorId, cancellationToken);
        return policy.CanAdminister(actor) ? actor : null;
    }
}
