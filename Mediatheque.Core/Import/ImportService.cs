using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Import.Siecle;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Backups;
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
/// <para>
/// The rentrée (issue 21) is this import with <see cref="ImportChoices.AbsentPupilsLeave"/>: absent pupils leave (parti),
/// last year's empty classes are archived. Whatever the choices, applying waits for the near matches to be decided and the
/// new classes to be confirmed, is refused by the safety brake unless the school's name is typed, and, when pupils leave,
/// takes a backup of the database first.
/// </para>
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
    DatabaseBackup backup,
    AccountStateJob states,
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
    /// Applies the file as previewed, new people's first passwords included: <see cref="ApplyListAsync"/>, then
    /// <see cref="SaveFirstPasswordsAsync"/>. For callers that wait for everything at once.
    /// </summary>
    public async Task<ImportOutcome> ApplyAsync(
        int actorId, ImportFile file, ImportChoices choices, ImportPreview approved,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var outcome = await ApplyListAsync(actorId, file, choices, approved, progress, cancellationToken);
        return await SaveFirstPasswordsAsync(outcome, progress, cancellationToken);
    }

    /// <summary>
    /// Applies the file as previewed, in one transaction: who arrives, moves, changes and leaves, the classes, the
    /// journal, and the passwords the file replaces (hashed first: a person's old password is never half replaced). The
    /// plan is computed again: if the database changed since the preview so that it differs, nothing is written and the
    /// new preview is returned to be checked.
    /// <para>
    /// New people's first passwords are not in it: BCrypt costs ~0.1 s a password a core, so a rentrée's 400 arrivals
    /// would hold the whole list for half a minute. They are returned as <see cref="ImportOutcome.FirstPasswords"/>, for
    /// <see cref="SaveFirstPasswordsAsync"/> to hash and save while the page already shows the result. Until then an
    /// arrival has no password and cannot sign in, which is what they would be without one.
    /// </para>
    /// </summary>
    public async Task<ImportOutcome> ApplyListAsync(
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

        if (Unconfirmed(preview, choices, actor) is { } refusal)
        {
            return ImportOutcome.Fail(refusal, preview);
        }

        if (preview.HasNothingToApply && plan.Passwords.Count == 0)
        {
            return new ImportOutcome(OperationResult.Success, preview, []);
        }

        var replaced = plan.Passwords.Where(p => !p.IsNew).ToList();
        var first = plan.Passwords.Where(p => p.IsNew).ToList();
        string?[] hashes;
        try
        {
            hashes = await applier.HashAsync(replaced, (done, total) => progress?.Report(new ImportProgress(done, total)), cancellationToken);
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
            var work = replaced[i];
            if (hashes[i] is not { } hash)
            {
                unchangedPasswords++;
                continue;
            }

            RosterApplier.SetPassword(work, hash, now);
            passwordsSet.Add(work.User);
            passwordsReplaced.Add(work.User);
            credentials.Add(new ImportCredential(work.User.Nom, work.User.Prenom, work.User.Login, work.Password, work.Classe, work.MustChange));
        }

        if (preview.HasNothingToApply && credentials.Count == 0 && first.Count == 0)
        {
            return new ImportOutcome(OperationResult.Success, preview, []) { PasswordsUnchanged = unchangedPasswords };
        }

        progress?.Report(new ImportProgress(hashes.Length, hashes.Length, Saving: true));
        string? backupNote = null;
        if (plan.Leaves.Count > 0 || choices.AbsentPupilsLeave)
        {
            // Issue 21: a backup first, as close to the save as possible; without it (SQLite), nothing is written.
            var taken = await backup.TakeAsync("import", cancellationToken);
            if (!taken.Succeeded)
            {
                return ImportOutcome.Fail(taken.Message + " Rien n'a été enregistré.", preview);
            }

            backupNote = taken.Message;
        }

        var importEntry = audit.Add(db, AuditAction.Import, actor, null, Describe(preview, credentials.Count, first.Count, backupNote));
        notices.Add(db, CredentialChangeKind.PasswordSetByImport, actor, passwordsReplaced);
        // Each pupil finds the new password in their own journal lines, pointing to the import's line (numbered by then).
        void JournalEachPassword()
        {
            foreach (var pupil in passwordsSet)
            {
                audit.Add(db, AuditAction.PasswordSetByImport, actor, pupil, $"Par l'import n° {importEntry.Id} (fichier « {ShortName(preview)} »).");
            }

            RosterApplier.JournalLeavers(audit, db, plan, actor, $"Absent du fichier « {ShortName(preview)} » (import n° {importEntry.Id})");
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

        // A school whose periods are 0 days: its leavers are désactivé, or erased, at once.
        await states.MoveAlongAsync(actor.SchoolId, journalWhenIdle: false, CancellationToken.None);
        var ordered = SlipOrder.Sort(credentials, c => c.Classe, c => c.Nom, c => c.Prenom);
        return new ImportOutcome(OperationResult.Success, preview, ordered)
        {
            PasswordsUnchanged = unchangedPasswords,
            Backup = backupNote,
            FirstPasswords = first.Count == 0 ? null : new FirstPasswords(
                actor.Id, importEntry.Id, ShortName(preview),
                [.. first.Select(w => new FirstPassword(w.User.Id, w.User.Nom, w.User.Prenom, w.User.Login, w.Password, w.MustChange, w.Classe))]),
        };
    }

    /// <summary>
    /// The new people's first passwords of an applied list: hashed on every core with progress, then saved in one
    /// transaction with a journal line each pointing to the import's line. A person given a password meanwhile (a reset
    /// from their page), deactivated or erased, is left as they are and gets no slip. Cancelled, nothing is saved: the arrivals stay
    /// without a password, and the outcome says how many.
    /// </summary>
    public async Task<ImportOutcome> SaveFirstPasswordsAsync(
        ImportOutcome outcome, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (outcome.FirstPasswords is not { } pending)
        {
            return outcome;
        }

        var withoutPassword = outcome with { FirstPasswords = null, WithoutPassword = pending.Count };
        string?[] hashes;
        try
        {
            hashes = await hasher.HashAllAsync(pending.People, p => hasher.Hash(p.Password),
                progress is null ? null : done => progress.Report(new ImportProgress(done, pending.Count)), cancellationToken);
            progress?.Report(new ImportProgress(pending.Count, pending.Count, Saving: true));
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (await AdministratorAsync(db, pending.ActorId, cancellationToken) is not { } actor)
            {
                return withoutPassword;
            }

            var ids = pending.People.Select(p => p.UserId).ToList();
            var users = await db.Users.Include(u => u.Account)
                .Where(u => ids.Contains(u.Id) && u.Account.PasswordHash == null && u.IsActive)
                .ToDictionaryAsync(u => u.Id, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var credentials = new List<ImportCredential>(outcome.Credentials);
            for (var i = 0; i < hashes.Length; i++)
            {
                var person = pending.People[i];
                if (!users.TryGetValue(person.UserId, out var user))
                {
                    continue;
                }

                RosterApplier.SetPassword(new PasswordWork(user, person.Password, person.MustChange, IsNew: true, person.Classe), hashes[i]!, now);
                audit.Add(db, AuditAction.PasswordSetByImport, actor, user, $"Par l'import n° {pending.ImportEntryId} (fichier « {pending.FileName} »).");
                credentials.Add(new ImportCredential(person.Nom, person.Prenom, person.Login, person.Password, person.Classe, person.MustChange));
            }

            await db.SaveChangesAsync(cancellationToken);
            return withoutPassword with
            {
                Credentials = SlipOrder.Sort(credentials, c => c.Classe, c => c.Nom, c => c.Prenom),
                WithoutPassword = 0,
            };
        }
        catch (OperationCanceledException)
        {
            return withoutPassword;
        }
        catch (DbUpdateConcurrencyException)
        {
            return withoutPassword;
        }
    }

    /// <summary>
    /// What the administrator must still do before the plan is applied: decide each near match, confirm the new classes
    /// once, and type the school's name when the safety brake stops the plan. Null when nothing is missing.
    /// </summary>
    private static string? Unconfirmed(ImportPreview preview, ImportChoices choices, User actor)
    {
        if (preview.Undecided > 0)
        {
            return $"Décidez d'abord des rapprochements proposés ({preview.Undecided} sans réponse) : acceptez ou refusez chacun. Rien n'a été enregistré.";
        }

        if (preview.NewGroups.Count > 0 && !choices.CreateMissingGroups)
        {
            return $"Confirmez d'abord la création des {preview.NewGroups.Count} classe(s) ou groupe(s) listés « à créer » "
                + "(ou corrigez le fichier s'il y a une faute de frappe). Rien n'a été enregistré.";
        }

        if (preview.Brake is { } brake && !RosterBrake.Confirmed(choices.BrakeConfirmation, actor.School))
        {
            return (string.IsNullOrWhiteSpace(choices.BrakeConfirmation) ? string.Empty : "Le nom tapé n'est pas celui de l'école. ")
                + brake + " Rien n'a été enregistré.";
        }

        return null;
    }

    /// <summary>The preview's word on the backup: taken first when pupils may leave.</summary>
    private string? BackupNotice(ImportChoices choices) => choices.AbsentPupilsLeave ? backup.Notice : null;

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
        var plan = await new RosterPlanner(db, source, clock.GetUtcNow().UtcDateTime, choices.Proposals).PlanAsync(rows, issues, cancellationToken);
        return (plan, ImportPreview.From(plan, file, skipped, BackupNotice(choices)));
    }

    private static string ShortName(ImportPreview preview) =>
        preview.FileName.Length > 200 ? preview.FileName[..200] + "…" : preview.FileName;

    private static string Describe(ImportPreview preview, int passwords, int firstPasswords, string? backupNote)
    {
        var first = firstPasswords == 0 ? string.Empty : $" (dont {firstPasswords} premier(s) mot(s) de passe des nouveaux, enregistré(s) juste après, une ligne chacun)";
        var year = preview.SchoolYear is { } schoolYear ? $", année {schoolYear}" : string.Empty;
        return $"Fichier « {ShortName(preview)} » ({preview.Format.Label()}{year}) : "
            + $"{preview.Creates.Count} créé(s), {preview.Updates.Count} modifié(s) dont {preview.Moves.Count} changement(s) de classe, "
            + $"{preview.Leaves.Count} parti(s), {preview.Unchanged.Count} inchangé(s), {preview.RowsInError} ligne(s) en erreur non appliquée(s), "
            + $"{preview.ManagedByAnnuaire.Count} géré(s) par l'annuaire ; {preview.NewGroups.Count} groupe(s) créé(s), "
            + $"{preview.Archived.Count} classe(s) archivée(s) ; {passwords + firstPasswords} mot(s) de passe défini(s){first}."
            + (backupNote is null ? string.Empty : " " + backupNote);
    }

    /// <summary>The actor as they are now, when they may import; null otherwise (deactivated or demoted since signing in).</summary>
    private async Task<User?> AdministratorAsync(MediathequeDbContext db, int actorId, CancellationToken cancellationToken)
    {
        // The actor's school: the file's pupils are matched against, created in and deactivated from that school only.
        var actor = await db.ActorAsync(actorId, cancellationToken);
        return policy.CanAdminister(actor) ? actor : null;
    }
}
