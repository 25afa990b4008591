using Mediatheque.Core.Audit;
using Mediatheque.Core.Import.Siecle;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Import;

/// <summary>
/// « Importer la liste des élèves »: a preview that writes nothing, then « Appliquer ». The file is one
/// source of the roster pipeline (RosterPlanner, then RosterApplier: passwords hashed first, then one
/// transaction for the pupils, their groups and the journal line); the federated directory is the other.
/// </summary>
public sealed class ImportService(
    IDbContextFactory<MediathequeDbContext> factory,
    UserPolicy policy,
    PasswordPolicy passwordPolicy,
    PasswordGenerator generator,
    PasswordHasher hasher,
    AuditLog audit,
    NoticeOutbox notices,
    IDatabaseEngine engine,
    TimeProvider clock,
    IOptions<ImportOptions> options)
{
    private readonly RosterApplier applier = new(hasher, engine);

    public const string NotAllowed = "Seul un administrateur de la Médiathèque peut importer la liste des élèves.";

    /// <summary>The largest file accepted, in bytes: the page stops reading the upload there.</summary>
    public long MaxFileSizeBytes => options.Value.MaxFileSizeBytes;

    public string SizeLimitText => $"Taille maximale : {options.Value.MaxFileSizeMegabytes} Mo.";

    /// <summary>Why a file of this size is refused before it is read, or null when its size is accepted.</summary>
    public string? SizeRefusal(string fileName, long size) => size > MaxFileSizeBytes
        ? $"Le fichier « {fileName} » fait {size / 1048576.0:0.#} Mo : la taille maximale est de {options.Value.MaxFileSizeMegabytes} Mo."
        : null;

    /// <summary>
    /// Reads an upload: a collège's or lycée's SIECLE or STS-Web export (XML, or a .zip holding one), recognised by its
    /// root element, else a CSV list (ONDE, the Médiathèque's own). The size limit is the upload's, zipped or not.
    /// </summary>
    public ImportFile Read(string fileName, byte[] content)
    {
        if (SizeRefusal(fileName, content.LongLength) is { } refusal)
        {
            return ImportFile.Unreadable(fileName, refusal);
        }

        return SiecleReader.Recognises(content)
            ? SiecleReader.Read(fileName, content, new XmlImportSettings(DateOnly.FromDateTime(clock.GetLocalNow().DateTime)))
            : ImportFileReader.Read(fileName, content);
    }

    public async Task<ImportPreview> PreviewAsync(int actorId, ImportFile file, ImportChoices choices, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await AdministratorAsync(db, actorId, cancellationToken) ?? throw new UnauthorizedAccessException(NotAllowed);
        var (_, preview) = await PlanAsync(db, actor, file, choices, cancellationToken);
        return preview;
    }

    /// <summary>
    /// Applies the file as previewed. The plan is computed again: if the database changed since the
    /// preview so that it differs, nothing is written and the new preview is returned to be checked.
    /// </summary>
    public async Task<ImportOutcome> ApplyAsync(
        int actorId, ImportFile file, ImportChoices choices, ImportPreview approved,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await AdministratorAsync(db, actorId, cancellationToken);
        if (actor is null)
        {
            return ImportOutcome.Fail(NotAllowed);
        }

        var (plan, preview) = await PlanAsync(db, actor, file, choices, cancellationToken);
        if (preview.Signature != approved.Signature)
        {
            return ImportOutcome.Fail(
                "La liste des utilisateurs a changé depuis l'aperçu : rien n'a été enregistré. Vérifiez le nouvel aperçu puis appliquez-le.", preview);
        }

        if (preview.HasNothingToApply && plan.Passwords.Count == 0)
        {
            return new ImportOutcome(OperationResult.Success, preview, []);
        }

        string?[] hashes;
        try
        {
            hashes = await applier.HashAsync(plan.Passwords, (done, total) => progress?.Report(new ImportProgress(done, total)), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ImportOutcome.Fail("Import annulé : rien n'a été enregistré.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var credentials = new List<ImportCredential>();
        var passwordsSet = new List<User>();
        // A new pupil had no way in to be told about; a pupil who had one is (issue 23).
        var passwordsReplaced = new List<User>();
        var unchangedPasswords = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            var work = plan.Passwords[i];
            if (hashes[i] is not { } hash)
            {
                unchangedPasswords++;
                continue;
            }

            RosterApplier.SetPassword(work, hash, now);
            passwordsSet.Add(work.User);
            if (!work.IsNew)
            {
                passwordsReplaced.Add(work.User);
            }

            credentials.Add(new ImportCredential(work.User.Nom, work.User.Prenom, work.User.Login, work.Password, work.Classe, work.MustChange));
        }

        if (preview.HasNothingToApply && credentials.Count == 0)
        {
            return new ImportOutcome(OperationResult.Success, preview, []) { PasswordsUnchanged = unchangedPasswords };
        }

        progress?.Report(new ImportProgress(hashes.Length, hashes.Length, Saving: true));
        var importEntry = audit.Add(db, AuditAction.Import, actor, null, Describe(preview, credentials.Count));
        notices.Add(db, CredentialChangeKind.PasswordSetByImport, actor, passwordsReplaced);
        // Each pupil finds the new password in their own journal lines, pointing to the import's line (numbered by then).
        void JournalEachPassword()
        {
            foreach (var pupil in passwordsSet)
            {
                audit.Add(db, AuditAction.PasswordSetByImport, actor, pupil, $"Par l'import n° {importEntry.Id} (fichier « {ShortName(preview)} »).");
            }
        }

        switch (await applier.SaveAsync(db, plan, cancellationToken, JournalEachPassword))
        {
            case RosterSaveFailure.Cancelled:
                return ImportOutcome.Fail("Import annulé : rien n'a été enregistré.");
            case RosterSaveFailure.Conflict:
                return ImportOutcome.Fail(
                    "Un élève a été modifié par quelqu'un d'autre pendant l'import : rien n'a été enregistré. Relancez l'aperçu puis appliquez-le.");
            case RosterSaveFailure.Taken:
                return ImportOutcome.Fail(
                    "L'import n'a pas pu être enregistré (un identifiant, un Id National ou un Id Établissement vient d'être pris) : "
                    + "rien n'a été enregistré. Relancez l'aperçu puis appliquez-le.");
        }

        var ordered = SlipOrder.Sort(credentials, c => c.Classe, c => c.Nom, c => c.Prenom);
        return new ImportOutcome(OperationResult.Success, preview, ordered) { PasswordsUnchanged = unchangedPasswords };
    }

    private async Task<(RosterPlan Plan, ImportPreview Preview)> PlanAsync(
        MediathequeDbContext db, User actor, ImportFile file, ImportChoices choices, CancellationToken cancellationToken)
    {
        var passwords = new RosterPasswords(
            actor, policy, passwordPolicy, generator, choices.UpdatePasswordsFromFile, choices.GeneratePasswordsForNewPupils);
        // One pipeline, three kinds of people: the pupils, STS-Web's staff, SIECLE's legal representatives of known pupils.
        ImportSource source = file.Format switch
        {
            ImportFormat.StsWeb => new StsSource(file, choices, actor, policy, passwords),
            ImportFormat.SiecleResponsables => new ResponsablesSource(file, choices, actor, policy, passwords),
            _ => new ImportSource(file, choices, actor, policy, passwords),
        };
        var (rows, skipped) = StsSource.Rows(file, choices);
        IReadOnlyList<RosterIssue> issues = SiecleReader.SchoolRefusal(file, actor.School) is { } otherSchool
            ? [.. file.Issues, new RosterIssue(0, null, otherSchool)]
            : file.Issues;
        var plan = await new RosterPlanner(db, source, clock.GetUtcNow().UtcDateTime).PlanAsync(rows, issues, cancellationToken);
        return (plan, ImportPreview.From(plan, file, skipped));
    }

    private static string ShortName(ImportPreview preview) =>
        preview.FileName.Length > 200 ? preview.FileName[..200] + "…" : preview.FileName;

    private static string Describe(ImportPreview preview, int passwords)
    {
        var year = preview.SchoolYear is { } schoolYear ? $", année {schoolYear}" : string.Empty;
        return $"Fichier « {ShortName(preview)} » ({preview.Format.Label()}{year}) : "
            + $"{preview.Creates.Count} créé(s), {preview.Updates.Count} modifié(s), {preview.Deactivations.Count} désactivé(s), "
            + $"{preview.Unchanged.Count} inchangé(s), {preview.RowsInError} ligne(s) en erreur non appliquée(s), "
            + $"{preview.ManagedByAnnuaire.Count} géré(s) par l'annuaire ; {passwords} mot(s) de passe défini(s).";
    }

    /// <summary>The actor as they are now, when they may import; null otherwise (deactivated or demoted since signing in).</summary>
    private async Task<User?> AdministratorAsync(MediathequeDbContext db, int actorId, CancellationToken cancellationToken)
    {
        // The actor's school: the file's pupils are matched against, created in and deactivated from that school only.
        var actor = await db.ActorAsync(actorId, cancellationToken);
        return policy.CanAdminister(actor) ? actor : null;
    }
}
