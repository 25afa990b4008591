using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Jobs;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Annuaire;

/// <summary>Where a running synchronisation is: the step, in French, and the entries read so far.</summary>
public sealed record AnnuaireProgress(string Step, int Entries);

/// <summary>« Tester la connexion »: whether the service account reads the directory, and what it found or why not.</summary>
public sealed record AnnuaireTestResult(bool Succeeded, string Message);

/// <summary>The « Annuaire » page's last run, or that the person asking may not see it (<see cref="AnnuaireSync.NotAllowed"/>).</summary>
public sealed record AnnuaireLastRun(bool Allowed, AnnuaireRun? Run);

/// <summary>
/// Read-only synchronisation with the federated directory: every user entry is read (paged), turned into
/// roster rows and planned and applied by the same pipeline as the import (RosterPlanner, RosterApplier):
/// directory users are created, updated, moved between classes and deactivated when they left; local
/// accounts are never touched; entries that cannot be used are skipped and reported; the rest is saved in
/// one transaction with its journal line and its <see cref="AnnuaireRun"/>. One run at a time across every node: a run
/// holds the « annuaire-sync » <see cref="JobLeases">lease</see> in the database, and whoever starts another meanwhile
/// (a second node's schedule, an administrator in another tab) is refused in French.
/// <para>
/// Per school: the directory is read once, its entries shared out by school (Ldap:SchoolAttribute, the entry's UAI; empty,
/// every entry is the only school's), and each school's users are planned and applied by themselves, in a context that
/// entered that school, with a run and a journal line of its own. An administrator's « Synchroniser maintenant » applies
/// to their school only; the schedule to every school.
/// </para>
/// Scoped, like the journal it writes to: a run started from a page records the administrator's address.
/// </summary>
public sealed class AnnuaireSync(
    IDbContextFactory<MediathequeDbContext> factory,
    IDatabaseEngine engine,
    PasswordHasher hasher,
    AnnuaireConnection connection,
    IOptions<AnnuaireOptions> options,
    UserPolicy policy,
    AuditLog audit,
    JobLeases leases,
    AccountStateJob states,
    TimeProvider clock,
    ILogger<AnnuaireSync> logger)
{
    public const string NotAllowed = "Seul un administrateur de la Médiathèque peut synchroniser l'annuaire.";

    /// <summary>This run stalled past its lease and another may have started: it applies nothing rather than race it.</summary>
    public const string LeaseLost =
        "La synchronisation est restée bloquée plus de 10 minutes et une autre a pu prendre le relais : rien n'a été modifié. Relancez-la si besoin.";

    public const string Unexpected =
        "La synchronisation a échoué sur une erreur de la Médiathèque : rien n'a été modifié. Le détail est dans le journal du serveur ; relancez-la plus tard.";

    /// <summary>The database lease that makes a run the only one across every node.</summary>
    public const string LeaseName = "annuaire-sync";

    /// <summary>
    /// How long a run holds the lease without a sign of life: pushed back at each step, so only a node that crashed or
    /// stalled that long lets another run take over. 10,000 entries take a few seconds a step.
    /// </summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);

    /// <summary>The issues kept with a run: enough to fix a directory, not a copy of it.</summary>
    private const int MaxIssuesKept = 500;

    /// <summary>The import's applier: the directory sets no password, so only its one transaction is used.</summary>
    private readonly RosterApplier applier = new(hasher, engine);

    public bool IsConfigured => options.Value.UsesLdap;

    /// <summary>The refusal while another run (on this node or another) holds the lease.</summary>
    public static string AlreadyRunning(DateTime since) =>
        $"Une synchronisation de l'annuaire est déjà en cours (depuis {Journal.ToSchoolTime(since):HH:mm}). Réessayez dans quelques minutes.";

    /// <summary>Since when a run holds the lease, on any node; null when none runs.</summary>
    public Task<DateTime?> RunningSinceAsync(CancellationToken cancellationToken = default) => leases.HeldSinceAsync(LeaseName, cancellationToken);

    public string NotConfigured =>
        "Aucun annuaire LDAP n'est configuré : renseignez Mediatheque:Annuaire:Enabled et Mediatheque:Annuaire:Ldap:Url (voir le README).";

    /// <summary>
    /// The last run of the actor's school (its counts and skipped entries, the directory's settings beside it on the
    /// page), for an administrator as they are now: a page left open by someone demoted since gets the refusal, not the data.
    /// </summary>
    public async Task<AnnuaireLastRun> LastRunAsync(int actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!policy.CanAdminister(await db.ActorAsync(actorId, cancellationToken)))
        {
            return new AnnuaireLastRun(false, null);
        }

        return new AnnuaireLastRun(true,
            await db.AnnuaireRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken));
    }

    /// <summary>« Tester la connexion », for an administrator: what the service account sees, or why it cannot.</summary>
    public async Task<AnnuaireTestResult> TestAsync(int actorId, CancellationToken cancellationToken = default)
    {
        if (!await MayAdministerAsync(actorId, cancellationToken))
        {
            return new AnnuaireTestResult(false, NotAllowed);
        }

        if (!IsConfigured)
        {
            return new AnnuaireTestResult(false, NotConfigured);
        }

        try
        {
            return new AnnuaireTestResult(true, await connection.TestAsync(cancellationToken));
        }
        catch (AnnuaireException e)
        {
            return new AnnuaireTestResult(false, e.Message);
        }
    }

    /// <summary>« Synchroniser maintenant », for an administrator.</summary>
    public async Task<AnnuaireRun> SyncNowAsync(int actorId, IProgress<AnnuaireProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            var actor = await db.ActorAsync(actorId, cancellationToken);
            if (!policy.CanAdminister(actor))
            {
                return Refused(NotAllowed);
            }

            return await SyncAsync($"par {actor!.Login}", actor, progress, cancellationToken);
        }
    }

    /// <summary>A run, from the schedule (no actor) or an administrator; refused when one is already running.</summary>
    internal async Task<AnnuaireRun> SyncAsync(string trigger, User? actor, IProgress<AnnuaireProgress>? progress, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return Refused(NotConfigured);
        }

        HeldJobLease? lease = null;
        try
        {
            var attempt = await leases.TryAcquireAsync(LeaseName, LeaseDuration, cancellationToken);
            if (attempt.Lease is null)
            {
                return Refused(AlreadyRunning(attempt.HeldSince!.Value));
            }

            lease = attempt.Lease;
            return await RunAsync(trigger, actor, lease, progress, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database failed even to record the failure: the page and the schedule still get a French answer,
            // and nothing was applied (the changes are one transaction).
            logger.LogError(e, "Directory synchronisation ({Trigger}) failed", trigger);
            return Refused(Unexpected);
        }
        finally
        {
            // Released whatever happened (applied, failed, cancelled); a release that fails leaves the lease to expire.
            await ReleaseAsync(lease);
        }
    }

    private async Task ReleaseAsync(HeldJobLease? lease)
    {
        try
        {
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "The directory synchronisation's lease could not be released; it expires after {Duration}", LeaseDuration);
        }
    }

    private async Task<AnnuaireRun> RunAsync(
        string trigger, User? actor, HeldJobLease lease, IProgress<AnnuaireProgress>? progress, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow().UtcDateTime;
        var ldap = options.Value.Ldap;
        var schools = await SchoolsAsync(actor, cancellationToken);
        IReadOnlyList<AnnuaireEntry> entries;
        try
        {
            progress?.Report(new AnnuaireProgress("Lecture de l'annuaire", 0));
            entries = await connection.ReadUsersAsync(count => progress?.Report(new AnnuaireProgress("Lecture de l'annuaire", count)), cancellationToken);
        }
        catch (AnnuaireException e)
        {
            logger.LogWarning(e, "Directory synchronisation failed: {Reason}", e.Message);
            return await FailAsync(schools, trigger, startedAt, 0, actor, e.Message);
        }
        catch (OperationCanceledException)
        {
            return await FailAsync(schools, trigger, startedAt, 0, actor, "Synchronisation interrompue : rien n'a été modifié.");
        }

        if (entries.Count == 0)
        {
            // A wrong BaseDn or filter would otherwise deactivate every directory user.
            return await FailAsync(schools, trigger, startedAt, 0, actor,
                $"L'annuaire n'a renvoyé aucun utilisateur (BaseDn « {ldap.BaseDn} », filtre {ldap.UserFilter}) : rien n'a été modifié, personne n'a été désactivé.");
        }

        if (await ShareOutAsync(entries, cancellationToken) is not { } shared)
        {
            return await FailAsync(schools, trigger, startedAt, entries.Count, actor,
                "Plusieurs écoles utilisent la Médiathèque : renseignez Mediatheque:Annuaire:Ldap:SchoolAttribute (l'attribut qui donne l'UAI de chaque entrée) "
                + "pour que chaque entrée aille à son école. Rien n'a été modifié.");
        }

        AnnuaireRun? result = null;
        foreach (var school in schools)
        {
            if (!await lease.RenewAsync(LeaseDuration, cancellationToken))
            {
                return await FailAsync(schools, trigger, startedAt, entries.Count, actor, LeaseLost);
            }

            progress?.Report(new AnnuaireProgress($"Comparaison avec la Médiathèque ({school.Name})", entries.Count));
            var run = await RunSchoolAsync(school, shared.Entries.GetValueOrDefault(school.Id, []), shared.Unknown, trigger, startedAt, actor, cancellationToken);
            result = actor is not null || result is null || !run.Succeeded ? run : Sum(result, run);
        }

        return result ?? Refused("Aucune école à synchroniser.");
    }

    /// <summary>One school's share of the directory, planned and applied against that school's users only, in one transaction.</summary>
    private async Task<AnnuaireRun> RunSchoolAsync(
        School school, IReadOnlyList<AnnuaireEntry> entries, IReadOnlyList<AnnuaireEntry> unknown, string trigger, DateTime startedAt, User? actor,
        CancellationToken cancellationToken)
    {
        var ldap = options.Value.Ldap;
        if (entries.Count == 0)
        {
            // A UAI attribute missing or misspelled would otherwise deactivate every directory user of the school.
            return await FailAsync([school], trigger, startedAt, 0, actor,
                $"L'annuaire n'a renvoyé aucun utilisateur pour cette école (UAI « {school.Uai ?? "non renseignée"} ») : rien n'a été modifié, personne n'a été désactivé.");
        }

        var run = new AnnuaireRun { SchoolId = school.Id, Trigger = trigger, StartedAt = startedAt, Entries = entries.Count };
        var (rows, issues) = AnnuaireRows.Read(entries, ldap);
        // The entries of no school of the deployment: reported in each school's run (numbered after its own), never applied.
        issues.AddRange(unknown.Select((entry, i) => new RosterIssue(entries.Count + i + 1, ldap.SchoolAttribute, UnknownSchool(entry)) { Entry = entry.Dn }));
        var stableIds = rows.Where(r => r.AnnuaireId is not null).Select(r => r.AnnuaireId!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.EnterSchool(school.Id);
        var plan = await new RosterPlanner(db, new AnnuaireSource(ldap, stableIds), clock.GetUtcNow().UtcDateTime)
            .PlanAsync(rows, issues, cancellationToken);
        Count(run, plan);

        run.Succeeded = true;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        db.AnnuaireRuns.Add(run);
        audit.Add(db, AuditAction.AnnuaireSync, actor, null, Describe(run, school));
        RosterApplier.JournalLeavers(audit, db, plan, actor, $"Absent de l'annuaire « {policy.AnnuaireName(school)} »");
        var failure = await applier.SaveAsync(db, plan, cancellationToken);
        if (failure is null)
        {
            // A school whose periods are 0 days: those who left the directory are désactivé, or erased, at once.
            await states.MoveAlongAsync(school.Id, journalWhenIdle: false, CancellationToken.None);
            return run;
        }

        return await FailAsync([school], trigger, startedAt, entries.Count, actor, failure switch
        {
            RosterSaveFailure.Cancelled => "Synchronisation interrompue : rien n'a été modifié.",
            RosterSaveFailure.Conflict => "Un utilisateur a été modifié pendant la synchronisation : rien n'a été modifié. Relancez-la.",
            _ => "Un identifiant ou un Id National vient d'être pris pendant la synchronisation : rien n'a été modifié. Relancez-la.",
        });
    }

    /// <summary>The schools a run applies to: the administrator's, or every school for the schedule.</summary>
    private async Task<IReadOnlyList<School>> SchoolsAsync(User? actor, CancellationToken cancellationToken)
    {
        if (actor is not null)
        {
            return [actor.School];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Schools.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The entries of each school, by the UAI in Ldap:SchoolAttribute (a teacher's entry may name several schools), and
    /// those naming no school of the deployment. Without the attribute every entry is the only school's; null when there
    /// are several schools and nothing says which entry is whose.
    /// </summary>
    private async Task<(Dictionary<int, List<AnnuaireEntry>> Entries, List<AnnuaireEntry> Unknown)?> ShareOutAsync(
        IReadOnlyList<AnnuaireEntry> entries, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var schools = await db.Schools.AsNoTracking().Select(s => new { s.Id, s.Uai }).ToListAsync(cancellationToken);
        var ldap = options.Value.Ldap;
        if (!ldap.HasSchoolAttribute)
        {
            return schools.Count == 1 ? (new() { [schools[0].Id] = entries.ToList() }, []) : null;
        }

        var byUai = schools.Where(s => s.Uai is not null).ToDictionary(s => s.Uai!, s => s.Id, StringComparer.OrdinalIgnoreCase);
        var shared = new Dictionary<int, List<AnnuaireEntry>>();
        var unknown = new List<AnnuaireEntry>();
        foreach (var entry in entries)
        {
            var ids = entry.All(ldap.SchoolAttribute!).Select(Uai.Normalize).Where(u => u is not null && byUai.ContainsKey(u)).Select(u => byUai[u!]).Distinct().ToList();
            if (ids.Count == 0)
            {
                unknown.Add(entry);
            }

            foreach (var id in ids)
            {
                (shared.TryGetValue(id, out var list) ? list : shared[id] = []).Add(entry);
            }
        }

        return (shared, unknown);
    }

    private string UnknownSchool(AnnuaireEntry entry)
    {
        var values = entry.All(options.Value.Ldap.SchoolAttribute!);
        return values.Count == 0
            ? "L'entrée ne donne pas d'UAI : elle n'appartient à aucune école de la Médiathèque et n'est pas synchronisée."
            : $"UAI « {string.Join(", ", values)} » inconnue : aucune école de la Médiathèque n'a cette UAI, l'entrée n'est pas synchronisée.";
    }

    /// <summary>The schedule's answer over every school: the counts added up (not stored, only logged).</summary>
    private static AnnuaireRun Sum(AnnuaireRun a, AnnuaireRun b) => new()
    {
        SchoolId = a.SchoolId, Trigger = a.Trigger, StartedAt = a.StartedAt, FinishedAt = b.FinishedAt, Succeeded = a.Succeeded && b.Succeeded,
        Entries = a.Entries + b.Entries, Created = a.Created + b.Created, Updated = a.Updated + b.Updated,
        Deactivated = a.Deactivated + b.Deactivated, Unchanged = a.Unchanged + b.Unchanged, Skipped = a.Skipped + b.Skipped,
    };

    private static void Count(AnnuaireRun run, RosterPlan plan)
    {
        run.Created = plan.Creates.Count;
        run.Updated = plan.Updates.Count;
        run.Deactivated = plan.Leaves.Count;
        run.Unchanged = plan.Unchanged.Count;
        var skipped = plan.Issues.Select(i => i.Line).Distinct().Count();
        run.Skipped = skipped;
        run.Issues = skipped == 0
            ? null
            : string.Join('\n', plan.Issues.Take(MaxIssuesKept).Select(i => $"« {i.Entry} »{(i.Column is null ? "" : $" ({i.Column})")} : {i.Message}"))
              + (plan.Issues.Count > MaxIssuesKept ? $"\n… et {plan.Issues.Count - MaxIssuesKept} autre(s) problème(s)." : string.Empty);
    }

    /// <summary>Nothing was applied: each school's run and journal line are still kept, in their own transaction.</summary>
    private async Task<AnnuaireRun> FailAsync(IReadOnlyList<School> schools, string trigger, DateTime startedAt, int entries, User? actor, string error)
    {
        AnnuaireRun? first = null;
        foreach (var school in schools)
        {
            var run = new AnnuaireRun
            {
                SchoolId = school.Id,
                Trigger = trigger,
                StartedAt = startedAt,
                FinishedAt = clock.GetUtcNow().UtcDateTime,
                Entries = entries,
                Error = error,
            };
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            db.EnterSchool(school.Id);
            db.AnnuaireRuns.Add(run);
            audit.Add(db, AuditAction.AnnuaireSync, actor, null, Describe(run, school));
            await db.SaveChangesAsync(CancellationToken.None);
            first ??= run;
        }

        return first ?? Refused(error);
    }

    private string Describe(AnnuaireRun run, School school)
    {
        var what = $"Annuaire « {policy.AnnuaireName(school)} » ({run.Trigger}) : ";
        return run.Succeeded
            ? what + $"{run.Entries} entrée(s) lue(s) ; {run.Created} créé(s), {run.Updated} modifié(s), {run.Deactivated} parti(s), "
                   + $"{run.Unchanged} inchangé(s), {run.Skipped} entrée(s) ignorée(s)."
            : what + "échec, rien n'a été modifié. " + run.Error;
    }

    /// <summary>A run refused before it started: not stored, only shown.</summary>
    private AnnuaireRun Refused(string reason)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new AnnuaireRun { Trigger = string.Empty, Error = reason, StartedAt = now, FinishedAt = now };
    }

    private async Task<bool> MayAdministerAsync(int actorId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return policy.CanAdminister(await db.ActorAsync(actorId, cancellationToken));
    }
}
