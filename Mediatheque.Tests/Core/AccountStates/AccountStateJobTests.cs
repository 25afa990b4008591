using Mediatheque.Core.Accounts;
using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.AccountStates;

/// <summary>
/// Issue 21: a leaver is « parti » (still signs in), « désactivé » once the school's first period has run, and erased once
/// the second has (name, login, password gone; the journal's lines kept under « utilisateur supprimé n° … »), by the
/// daily job, once a day across nodes — on both providers.
/// </summary>
public abstract class AccountStateJobTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : AccountStateJobTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : AccountStateJobTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;
    private User admin = null!;
    private User marion = null!;

    private AccountStateJob Job => database.Get<AccountStateJob>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-2026-longue-phrase");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: (GroupType.Classe, "CE2"));
        // A line of her history that names her: it must outlive her name.
        Assert.True((await database.Get<PasswordService>().ResetAsync(
            new PasswordReset(admin.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", false))).Succeeded);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task A_leaver_is_parti_then_desactive_after_30_days_then_erased_after_60_more_and_the_journal_keeps_her_lines_nameless()
    {
        await LeaveAsync(marion.Id);
        var signIn = database.Get<SignInService>();
        Assert.Equal(SignInStatus.Succeeded, (await signIn.SignInAsync("bm", "tigre-vert-47")).Status);

        database.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal((0, 0), Moves(await Job.MoveAlongAsync(database.SchoolId, journalWhenIdle: false)));
        Assert.Equal(AccountState.Parti, (await database.FindUserAsync("bm")).State);

        database.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal((1, 0), Moves(await Job.MoveAlongAsync(database.SchoolId, journalWhenIdle: false)));
        Assert.Equal(AccountState.Desactive, (await database.FindUserAsync("bm")).State);
        Assert.Equal(SignInStatus.Deactivated, (await signIn.SignInAsync("bm", "tigre-vert-47")).Status);

        database.Clock.Advance(TimeSpan.FromDays(61));
        Assert.Equal((0, 1), Moves(await Job.MoveAlongAsync(database.SchoolId, journalWhenIdle: false)));

        await using var db = database.CreateDbContext();
        Assert.False(await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == marion.Id));
        Assert.False(await db.Accounts.AnyAsync(a => a.Login == "bm"));
        var lines = await db.AuditEntries.Where(e => e.TargetId == marion.Id).OrderBy(e => e.Id).ToListAsync();
        Assert.Contains(lines, e => e.Action == AuditAction.PasswordReset);
        Assert.Contains(lines, e => e.Action == AuditAction.UserErased);
        Assert.All(lines, e => Assert.Equal($"utilisateur supprimé n° {marion.Id}", e.TargetLogin));
        Assert.DoesNotContain(await db.AuditEntries.Select(e => e.Details ?? string.Empty).ToListAsync(), d => d.Contains("BESSON") || d.Contains("« bm »"));
        // Her login is free again for someone else.
        Assert.Equal(SignInStatus.Failed, (await signIn.SignInAsync("bm", "tigre-vert-47")).Status);
    }

    [Fact]
    public async Task The_daily_run_happens_once_a_day_whichever_node_asks()
    {
        await LeaveAsync(marion.Id);
        database.Clock.Advance(TimeSpan.FromDays(31));

        var first = await Job.RunAsync();
        var second = await Job.RunAsync();

        Assert.Null(first.Refusal);
        Assert.Equal(1, first.Deactivated);
        Assert.Equal("La tâche quotidienne des comptes a déjà été faite aujourd'hui.", second.Refusal);
        database.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Null((await Job.RunAsync()).Refusal);
    }

    [Fact]
    public async Task An_actif_pupil_and_a_teacher_still_at_work_in_another_school_keep_their_way_in()
    {
        var jules = await database.AddUserAsync("ROUX", "Jules", Profil.Eleve, "jr", "jules2026");
        var other = await database.AddSchoolAsync("Collège Jean-Moulin", "0999002B");
        var roux = await database.AddUserAsync("ROUX", "Hugo", Profil.Enseignant, "roux", "roux-2026-longue-phrase");
        await database.AddToSchoolAsync(roux, other, Profil.Enseignant);
        await LeaveAsync(roux.Id);

        // Staff: 60 days parti, then 90 days désactivé (the school's defaults); the job runs on each of those days.
        database.Clock.Advance(TimeSpan.FromDays(61));
        Assert.Equal((1, 0), Moves(await Job.MoveAlongAsync(database.SchoolId, journalWhenIdle: false)));
        database.Clock.Advance(TimeSpan.FromDays(91));
        Assert.Equal((0, 1), Moves(await Job.MoveAlongAsync(database.SchoolId, journalWhenIdle: false)));

        Assert.Equal(AccountState.Actif, (await database.FindUserAsync("jr")).State);
        Assert.True((await database.FindUserAsync("roux", other)).IsActive);
        await using var db = database.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Id == roux.Id));
        Assert.Equal(SignInStatus.Succeeded, (await database.Get<SignInService>().SignInAsync("roux", "roux-2026-longue-phrase")).Status);
    }

    [Fact]
    public async Task A_night_with_nothing_due_writes_the_runs_line_in_each_schools_journal()
    {
        await LeaveAsync(marion.Id);
        var other = await database.AddSchoolAsync("Collège Jean-Moulin", "0999002B");
        var moulin = await database.AddUserToAsync(other, "MOULIN", "Jean", Profil.Administrateur, "moulin");
        database.Clock.Advance(TimeSpan.FromDays(29));

        var run = await Job.RunAsync();

        Assert.Equal((0, 0, 2), (run.Deactivated, run.Erased, run.Schools.Count));
        Assert.Equal(AccountState.Parti, (await database.FindUserAsync("bm")).State);
        foreach (var reader in new[] { admin, moulin })
        {
            var lines = (await database.Get<Journal>().SearchAsync(reader.Id, new JournalQuery(Action: AuditAction.AccountStatesRun))).Lines;
            Assert.Equal(
                "Aucun compte parti à désactiver, aucun compte à supprimer (élèves : 30 + 60 jours, personnel : 60 + 90 jours).",
                Assert.Single(lines).Details);
        }
    }

    private static (int Deactivated, int Erased) Moves(SchoolStateMoves moves) => (moves.Deactivated, moves.Erased);

    /// <summary>What the rentrée's import does to a pupil absent from the new list (ImportService, AbsentPupilsLeave).</summary>
    private async Task LeaveAsync(int userId)
    {
        await using var db = database.CreateDbContext();
        var user = await db.Users.Include(u => u.Account).SingleAsync(u => u.Id == userId);
        var school = await db.Schools.SingleAsync(s => s.Id == database.SchoolId);
        AccountLife.Leave(user, UserDeactivation.Import, database.Clock.GetUtcNow().UtcDateTime, school.PeriodsFor(user.Profil));
        await db.SaveChangesAsync();
    }
}
