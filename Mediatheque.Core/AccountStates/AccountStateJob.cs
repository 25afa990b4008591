using Mediatheque.Core.Audit;
using Mediatheque.Core.Jobs;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mediatheque.Core.AccountStates;

/// <summary>What one school's step moved: parti users whose period ended, now désactivé; désactivé leavers erased.</summary>
public sealed record SchoolStateMoves(int SchoolId, int Deactivated, int Erased);

/// <summary>The daily run over every school, or why it did not run (already done today, running elsewhere).</summary>
public sealed record AccountStateRun(IReadOnlyList<SchoolStateMoves> Schools, string? Refusal = null)
{
    public int Deactivated => Schools.Sum(s => s.Deactivated);

    public int Erased => Schools.Sum(s => s.Erased);
}

/// <summary>
/// The daily job of issue 21: in every school, the parti users whose parti period has passed become désactivé, and the
/// désactivé leavers whose period has passed are erased (<see cref="AccountErasure"/>), each school in one transaction
/// with a journal line per user and one for the run; the schools where nothing was due get their run's line together,
/// in one commit (100,000 users in 40 schools: a night with nothing due was a second, mostly commits). Once a school day across every node: the « comptes-quotidien »
/// <see cref="JobLeases">lease</see>, taken only if no run completed it since the day began. The periods are the school's,
/// per profile (<see cref="LeavingPeriods"/>); a period counts whole school days, so a pupil who left on 01/09 with 30 days
/// is désactivé by the run of 01/10.
/// </summary>
public sealed class AccountStateJob(
    IDbContextFactory<MediathequeDbContext> factory,
    IDatabaseEngine engine,
    JobLeases leases,
    AuditLog audit,
    TimeProvider clock,
    ILogger<AccountStateJob> logger)
{
    public const string LeaseName = "comptes-quotidien";

    /// <summary>Renewed at each school: only a node that stalled this long lets another take over.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(30);

    /// <summary>Every school's due steps, once today; refused when a run already did them today or is doing them.</summary>
    public async Task<AccountStateRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var attempt = await leases.TryAcquireAsync(LeaseName, LeaseDuration, cancellationToken, completedBefore: Journal.StartOfDayUtc(Journal.SchoolDay(now)));
        if (attempt.Lease is not { } lease)
        {
            return new AccountStateRun([], attempt.AlreadyDone
                ? "La tâche quotidienne des comptes a déjà été faite aujourd'hui."
                : $"La tâche quotidienne des comptes est déjà en cours (depuis {Journal.ToSchoolTime(attempt.HeldSince!.Value):HH:mm}).");
        }

        await using (lease)
        {
            List<School> schools;
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            {
                schools = await db.Schools.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
            }

            var due = await SchoolsWithLeaversDueAsync(schools, now, cancellationToken);
            var moves = new List<SchoolStateMoves>();
            var renewedAt = clock.GetUtcNow();
            foreach (var school in schools)
            {
                if (!due.Contains(school.Id))
                {
                    moves.Add(new SchoolStateMoves(school.Id, 0, 0));
                    continue;
                }

                // Renewed once a tenth of its duration has passed, not at every school: a renewal is a commit, and 40
                // schools' renewals were most of a night with nothing to do. Before that no other node can have taken it.
                if (clock.GetUtcNow() - renewedAt >= LeaseDuration / 10)
                {
                    if (!await lease.RenewAsync(LeaseDuration, cancellationToken))
                    {
                        return new AccountStateRun(moves, "La tâche quotidienne des comptes a été reprise par un autre serveur.");
                    }

                    renewedAt = clock.GetUtcNow();
                }

                try
                {
                    moves.Add(await MoveAlongAsync(school.Id, journalWhenIdle: false, cancellationToken));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One school's failure (its transaction rolled back) does not hold the others back; tomorrow's run retries it.
                    logger.LogError(e, "The daily account job failed in school {SchoolId}; nothing was changed there", school.Id);
                }
            }

            await JournalIdleSchoolsAsync(schools, moves, cancellationToken);
            await lease.CompleteAsync(cancellationToken);
            return new AccountStateRun(moves);
        }
    }

    /// <summary>
    /// The schools where a leaver may be due today: for the schools that share their periods (most often all of them),
    /// two reads of the (SchoolId, LeftAt) and (SchoolId, DeactivatedAt) indexes at once. A night with nothing due is a
    /// handful of statements however many schools there are, where it was three per school and a commit.
    /// </summary>
    private async Task<HashSet<int>> SchoolsWithLeaversDueAsync(List<School> schools, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]);
        var due = new HashSet<int>();
        foreach (var sharing in schools.GroupBy(s => Cutoffs(s, now)))
        {
            var ids = sharing.Select(s => s.Id).ToList();
            var (leftBefore, deactivatedBefore) = sharing.Key;
            due.UnionWith(await users.Where(u => ids.Contains(u.SchoolId) && u.IsActive && u.LeftAt < leftBefore)
                .Select(u => u.SchoolId).Distinct().ToListAsync(cancellationToken));
            due.UnionWith(await users.Where(u => ids.Contains(u.SchoolId) && !u.IsActive && u.LeftAt != null && u.DeactivatedAt < deactivatedBefore)
                .Select(u => u.SchoolId).Distinct().ToListAsync(cancellationToken));
        }

        return due;
    }

    /// <summary>
    /// Before these instants a leaver of this school may be due (its shorter periods, pupils' or staff's); a period counts
    /// whole school days.
    /// </summary>
    private static (DateTime LeftBefore, DateTime DeactivatedBefore) Cutoffs(School school, DateTime now)
    {
        var (pupils, staff) = (school.PeriodsFor(Profil.Eleve), school.PeriodsFor(Profil.Enseignant));
        return (Cutoff(now, Math.Min(pupils.PartiDays, staff.PartiDays)), Cutoff(now, Math.Min(pupils.DeactivatedDays, staff.DeactivatedDays)));
    }

    private static DateTime Cutoff(DateTime now, int days) => Journal.StartOfDayUtc(Journal.SchoolDay(now).AddDays(1 - days));

    /// <summary>The run's line in the journal of each school where nothing moved: one commit for all of them.</summary>
    private async Task JournalIdleSchoolsAsync(List<School> schools, List<SchoolStateMoves> moves, CancellationToken cancellationToken)
    {
        var idle = moves.Where(m => m.Deactivated + m.Erased == 0).Select(m => m.SchoolId).ToHashSet();
        if (idle.Count == 0)
        {
            return;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        foreach (var school in schools.Where(s => idle.Contains(s.Id)))
        {
            // A context of no school, writing each school's line: the line names its school itself.
            audit.Add(db, AuditAction.AccountStatesRun, null, null, RunLine(school, 0, 0)).SchoolId = school.Id;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// One school's due steps, now, in one transaction (none when nothing is due): the daily run's, and right after a list
    /// is applied, so that a period of 0 days is « at once ». The run's journal line is written when something moved, or
    /// when <paramref name="journalWhenIdle"/>.
    /// </summary>
    public async Task<SchoolStateMoves> MoveAlongAsync(int schoolId, bool journalWhenIdle, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.EnterSchool(schoolId);
        var school = await db.Schools.AsNoTracking().SingleAsync(s => s.Id == schoolId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        // Only the (SchoolId, LeftAt) and (SchoolId, DeactivatedAt) indexes' few leavers are read: never the school's actif
        // users. When none is due, two index reads say so, without a transaction, a lock or a write.
        var (leftBefore, deactivatedBefore) = Cutoffs(school, now);
        var partiCandidates = db.Users.Where(u => u.IsActive && u.LeftAt < leftBefore);
        var erasableCandidates = db.Users.Where(u => !u.IsActive && u.LeftAt != null && u.DeactivatedAt < deactivatedBefore);
        if (!await partiCandidates.AnyAsync(cancellationToken) && !await erasableCandidates.AnyAsync(cancellationToken))
        {
            if (journalWhenIdle)
            {
                audit.Add(db, AuditAction.AccountStatesRun, null, null, RunLine(school, 0, 0));
                await db.SaveChangesAsync(cancellationToken);
            }

            return new SchoolStateMoves(schoolId, 0, 0);
        }

        await engine.BeforeErasingAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var parti = (await partiCandidates.Include(u => u.Account).ToListAsync(cancellationToken))
            .Where(u => u.State == AccountState.Parti && u.LeftAt < Cutoff(now, school.PeriodsFor(u.Profil).PartiDays)).ToList();
        foreach (var user in parti)
        {
            var days = school.PeriodsFor(user.Profil).PartiDays;
            AccountLife.Deactivate(user, null, now);
            audit.Add(db, AuditAction.UserDeactivated, null, user,
                $"Parti le {AccountLife.Day(Journal.SchoolDay(user.LeftAt!.Value))} : désactivé après {FrenchCount.Of(days, "jour", "jours")} (tâche quotidienne).");
        }

        await db.SaveChangesAsync(cancellationToken);

        var erasable = (await erasableCandidates.Include(u => u.Account).ToListAsync(cancellationToken))
            .Where(u => u is { State: AccountState.Desactive, LeftAt: not null }
                && u.DeactivatedAt < Cutoff(now, school.PeriodsFor(u.Profil).DeactivatedDays)).ToList();
        var erased = erasable.Count;
        await AccountErasure.EraseAsync(db, audit, erasable, user =>
            $"Parti le {AccountLife.Day(Journal.SchoolDay(user.LeftAt!.Value))}, désactivé le {AccountLife.Day(Journal.SchoolDay(user.DeactivatedAt!.Value))} "
            + $"({user.Profil.Label()}) : nom, identifiants, e-mail, photo, dossier réseau et mot de passe supprimés.", cancellationToken);

        if (parti.Count + erased > 0 || journalWhenIdle)
        {
            audit.Add(db, AuditAction.AccountStatesRun, null, null, RunLine(school, parti.Count, erased));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(CancellationToken.None);
        if (erased > 0)
        {
            await engine.AfterErasingAsync(db, CancellationToken.None);
        }

        if (parti.Count + erased > 0)
        {
            logger.LogInformation("Account states in school {SchoolId}: {Deactivated} deactivated, {Erased} erased", schoolId, parti.Count, erased);
        }

        return new SchoolStateMoves(schoolId, parti.Count, erased);
    }

    /// <summary>The run's journal line in a school: what moved, and the school's periods.</summary>
    private static string RunLine(School school, int deactivated, int erased)
    {
        var (pupils, staff) = (school.PeriodsFor(Profil.Eleve), school.PeriodsFor(Profil.Enseignant));
        return $"{FrenchCount.Of(deactivated, "compte parti désactivé", "comptes partis désactivés", "Aucun compte parti à désactiver")}, "
            + $"{FrenchCount.Of(erased, "compte supprimé", "comptes supprimés", "aucun compte à supprimer")} "
            + $"(élèves : {pupils.PartiDays} + {pupils.DeactivatedDays} jours, personnel : {staff.PartiDays} + {staff.DeactivatedDays} jours).";
    }
}
