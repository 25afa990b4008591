using Mediatheque.Core.Audit;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Import;

/// <summary>
/// « Importer la liste des élèves »: a preview that writes nothing, then « Appliquer »: the
/// passwords are hashed on every core first (slow on purpose, so never inside the transaction),
/// then one transaction writes the pupils, their groups and the journal line. A failure or a
/// cancel before the commit leaves the database exactly as it was.
/// </summary>
public sealed class ImportService(
    IDbContextFactory<MediathequeDbContext> factory,
    UserPolicy policy,
    PasswordPolicy passwordPolicy,
    PasswordGenerator generator,
    PasswordHasher hasher,
    AuditLog audit,
    TimeProvider clock,
    IOptions<ImportOptions> options)
{
    public const string NotAllowed = "Seul un administrateur de la Médiathèque peut importer la liste des élèves.";

    /// <summary>The largest file accepted, in bytes: the page stops reading the upload there.</summary>
    public long MaxFileSizeBytes => options.Value.MaxFileSizeBytes;

    public string SizeLimitText => $"Taille maximale : {options.Value.MaxFileSizeMegabytes} Mo.";

    /// <summary>Why a file of this size is refused before it is read, or null when its size is accepted.</summary>
    public string? SizeRefusal(string fileName, long size) => size > MaxFileSizeBytes
        ? $"Le fichier « {fileName} » fait {size / 1048576.0:0.#} Mo : la taille maximale est de {options.Value.MaxFileSizeMegabytes} Mo."
        : null;

    public ImportFile Read(string fileName, byte[] content) =>
        SizeRefusal(fileName, content.LongLength) is { } refusal
            ? ImportFile.Unreadable(fileName, refusal)
            : ImportFileReader.Read(fileName, content);

    public async Task<ImportPreview> PreviewAsync(int actorId, ImportFile file, ImportChoices choices, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await AdministratorAsync(db, actorId, cancellationToken) ?? throw new UnauthorizedAccessException(NotAllowed);
        var plan = await PlanAsync(db, actor, file, choices, cancellationToken);
        return plan.ToPreview(file);
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

        var plan = await PlanAsync(db, actor, file, choices, cancellationToken);
        var preview = plan.ToPreview(file);
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
            hashes = await HashAsync(plan.Passwords, progress, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ImportOutcome.Fail("Import annulé : rien n'a été enregistré.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var credentials = new List<ImportCredential>();
        var passwordsSet = new List<User>();
        var unchangedPasswords = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            var work = plan.Passwords[i];
            if (hashes[i] is not { } hash)
            {
                unchangedPasswords++;
                continue;
            }

            SetPassword(work, hash, now);
            passwordsSet.Add(work.User);
            credentials.Add(new ImportCredential(work.User.Nom, work.User.Prenom, work.User.Login, work.Password, work.Classe, work.MustChange));
        }

        if (preview.HasNothingToApply && credentials.Count == 0)
        {
            return new ImportOutcome(OperationResult.Success, preview, []) { PasswordsUnchanged = unchangedPasswords };
        }

        progress?.Report(new ImportProgress(hashes.Length, hashes.Length, Saving: true));
        var importEntry = audit.Add(db, AuditAction.Import, actor, null, Describe(preview, credentials.Count));
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Groups, updates, deactivations and the journal line first: new groups get their ids.
            await db.SaveChangesAsync(cancellationToken);
            await BulkInsert.InsertAsync(db, plan.NewPupils, cancellationToken);
            var memberships = plan.NewPupils.SelectMany(p => p.Memberships).ToList();
            foreach (var membership in memberships)
            {
                (membership.UserId, membership.GroupId) = (membership.User.Id, membership.Group.Id);
            }

            await BulkInsert.InsertAsync(db, memberships, cancellationToken);
            // Each pupil finds the new password in their own journal lines, pointing to the import's line (now numbered).
            foreach (var pupil in passwordsSet)
            {
                audit.Add(db, AuditAction.PasswordSetByImport, actor, pupil, $"Par l'import n° {importEntry.Id} (fichier « {ShortName(preview)} »).");
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            return ImportOutcome.Fail("Import annulé : rien n'a été enregistré.");
        }
        catch (DbUpdateConcurrencyException)
        {
            return ImportOutcome.Fail(
                "Un élève a été modifié par quelqu'un d'autre pendant l'import : rien n'a été enregistré. Relancez l'aperçu puis appliquez-le.");
        }
        catch (Exception e) when (e is DbUpdateException or Microsoft.Data.Sqlite.SqliteException)
        {
            return ImportOutcome.Fail(
                "L'import n'a pas pu être enregistré (un identifiant, un Id National ou un Id Établissement vient d'être pris) : "
                + "rien n'a été enregistré. Relancez l'aperçu puis appliquez-le.");
        }

        var ordered = credentials.OrderBy(c => c.Classe ?? "\uffff", StringComparer.CurrentCulture)
            .ThenBy(c => c.Nom, StringComparer.CurrentCulture).ThenBy(c => c.Prenom, StringComparer.CurrentCulture).ToList();
        return new ImportOutcome(OperationResult.Success, preview, ordered) { PasswordsUnchanged = unchangedPasswords };
    }

    private Task<ImportPlan> PlanAsync(MediathequeDbContext db, User actor, ImportFile file, ImportChoices choices, CancellationToken cancellationToken) =>
        new ImportPlanner(db, actor, file, choices, policy, passwordPolicy, generator, clock.GetUtcNow().UtcDateTime).PlanAsync(cancellationToken);

    /// <summary>
    /// BCrypt on every core. A password from the file that is already the pupil's is left alone
    /// (null), so that re-importing the same file does not end every pupil's session.
    /// </summary>
    private Task<string?[]> HashAsync(IReadOnlyList<PasswordWork> work, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var hashes = new string?[work.Count];
        if (work.Count == 0)
        {
            return Task.FromResult(hashes);
        }

        var done = 0;
        var step = Math.Max(1, work.Count / 200);
        progress?.Report(new ImportProgress(0, work.Count));
        return Task.Run(() =>
        {
            Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
            {
                var item = work[i];
                hashes[i] = !item.IsNew && hasher.Verify(item.Password, item.User.PasswordHash) ? null : hasher.Hash(item.Password);
                var count = Interlocked.Increment(ref done);
                if (count % step == 0 || count == work.Count)
                {
                    progress?.Report(new ImportProgress(count, work.Count));
                }
            });
            return hashes;
        }, cancellationToken);
    }

    private static void SetPassword(PasswordWork work, string hash, DateTime now)
    {
        var user = work.User;
        user.PasswordHash = hash;
        user.MustChangePassword = work.MustChange;
        user.PasswordChangedAt = now;
        if (!work.IsNew)
        {
            user.FailedSignInCount = 0;
            user.LockedUntil = null;
            // Someone else set this password: the pupil's open sessions end, as with a reset.
            user.RenewSecurityStamp();
            if (!work.Touched)
            {
                user.Touch(now);
            }
        }
    }

    private static string ShortName(ImportPreview preview) =>
        preview.FileName.Length > 200 ? preview.FileName[..200] + "…" : preview.FileName;

    private static string Describe(ImportPreview preview, int passwords)
    {
        return $"Fichier « {ShortName(preview)} » ({(preview.Format == ImportFormat.Onde ? "export ONDE" : "modèle Médiathèque")}) : "
            + $"{preview.Creates.Count} créé(s), {preview.Updates.Count} modifié(s), {preview.Deactivations.Count} désactivé(s), "
            + $"{preview.Unchanged.Count} inchangé(s), {preview.RowsInError} ligne(s) en erreur non appliquée(s), "
            + $"{preview.ManagedByAnnuaire.Count} géré(s) par l'annuaire ; {passwords} mot(s) de passe défini(s).";
    }

    /// <summary>The actor as they are now, when they may import; null otherwise (deactivated or demoted since signing in).</summary>
    private async Task<User?> AdministratorAsync(MediathequeDbContext db, int actorId, CancellationToken cancellationToken)
    {
        var actor = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == actorId, cancellationToken);
        return policy.CanAdminister(actor) ? actor : null;
    }
}
