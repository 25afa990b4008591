using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;

namespace Mediatheque.Tests.Core;

/// <summary>
/// Issue 27, « destructive by surprise »: the class filter « Mme PAQUAY » lists her pupils and herself (a member of her
/// class), and a bulk action meant for pupils (a reset and its sheets, cards) leaves her alone unless the administrator
/// includes the staff. The selection is the grid's « tout sélectionner », resolved in SQL: both engines run.
/// </summary>
public abstract class BulkStaffTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : BulkStaffTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : BulkStaffTests(DatabaseProvider.PostgreSql);

    private static readonly UserQuery PaquaysClass = new() { Classe = "Mme PAQUAY" };

    private TestDatabase database = null!;
    private User paquay = null!, durand = null!, admin = null!, secondaire = null!, marion = null!, jules = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        durand = await database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", "durand-demo-2026", groups: (GroupType.Classe, "M. DURAND"));
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        secondaire = await database.AddUserAsync("FABRE", "Paul", Profil.AdministrateurSecondaire, "secondaire", "secondaire-demo-2026");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        jules = await database.AddUserAsync("ARNAUD", "Jules", Profil.Eleve, "aj", "jules-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        await database.AddUserAsync("MARTIN", "Lucas", Profil.Eleve, "ml", "lucas-2026", groups: (GroupType.Classe, "M. DURAND"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private BulkPasswordReset Bulk => database.Get<BulkPasswordReset>();

    private async Task<SignInStatus> SignInAsync(string login, string password) =>
        (await database.Get<SignInService>().SignInAsync(login, password, null)).Status;

    [Fact]
    public async Task A_class_reset_names_its_teacher_first_and_leaves_her_password_alone()
    {
        var selection = UserSelection.All(PaquaysClass);

        var plan = await Bulk.PlanAsync(admin.Id, selection);
        var outcome = await Bulk.ApplyAsync(admin.Id, selection);

        // Before: the pupils counted, the teacher named apart.
        Assert.Equal(2, plan.Count);
        var named = Assert.Single(plan.Staff);
        Assert.Equal(("PAQUAY Sophie", "paquay"), (named.FullName, named.Login));
        Assert.Empty(plan.Skipped);
        // After: her pupils' slips only; she signs in as before, and the sheets' page says she was left out.
        Assert.True(outcome.Result.Succeeded, outcome.Result.Message);
        Assert.Equal(["aj", "bm"], outcome.Credentials.Select(c => c.Login));
        Assert.Equal(SignInStatus.Succeeded, await SignInAsync("paquay", "paquay-demo-2026"));
        Assert.Equal(BulkTargets.StaffLeftOut, Assert.Single(outcome.Skipped, s => s.UserId == paquay.Id).Reason);
    }

    [Fact]
    public async Task Ticking_include_staff_resets_the_teacher_too_with_the_staff_default_to_change_it()
    {
        var outcome = await Bulk.ApplyAsync(admin.Id, UserSelection.All(PaquaysClass) with { IncludeStaff = true });

        Assert.True(outcome.Result.Succeeded, outcome.Result.Message);
        Assert.Equal(["aj", "bm", "paquay"], outcome.Credentials.Select(c => c.Login).Order());
        var hers = outcome.Credentials.Single(c => c.Login == "paquay");
        Assert.True(hers.MustChangePassword);
        Assert.Equal(SignInStatus.Failed, await SignInAsync("paquay", "paquay-demo-2026"));
        Assert.Empty(outcome.Skipped);
    }

    [Fact]
    public async Task A_secondary_administrator_may_include_a_teacher_but_an_administrator_stays_refused_with_the_reason()
    {
        var selection = UserSelection.Of(marion.Id, paquay.Id, admin.Id);

        var plan = await Bulk.PlanAsync(secondaire.Id, selection);
        var included = await Bulk.PlanAsync(secondaire.Id, selection with { IncludeStaff = true });

        Assert.Equal(1, plan.Count);
        Assert.Equal([paquay.Id], plan.Staff.Select(s => s.UserId));
        // The policy's refusal is named as such, not offered as a box to tick.
        var refused = Assert.Single(plan.Skipped);
        Assert.Equal((admin.Id, "LEBRUN Claire"), (refused.UserId, refused.FullName));
        Assert.Contains("administrateur", refused.Reason);
        Assert.Equal(2, included.Count);
        Assert.Empty(included.Staff);
        Assert.Equal([admin.Id], included.Skipped.Select(s => s.UserId));
    }

    [Fact]
    public async Task A_teacher_reads_before_confirming_that_no_colleague_is_reset_and_none_is_even_with_the_box_forced()
    {
        var plan = await Bulk.PlanAsync(paquay.Id, UserSelection.All(new UserQuery()));
        // A crafted request: a colleague's id, and the staff « included ».
        var outcome = await Bulk.ApplyAsync(paquay.Id, UserSelection.Of(marion.Id, durand.Id) with { IncludeStaff = true });

        Assert.Equal(UserPolicy.TeacherResetsPupilsOnly, plan.StaffNote);
        Assert.Empty(plan.Staff);
        Assert.Equal(["bm"], outcome.Credentials.Select(c => c.Login));
        Assert.Equal(SignInStatus.Succeeded, await SignInAsync("durand", "durand-demo-2026"));
        Assert.Null((await Bulk.PlanAsync(admin.Id, UserSelection.Of(marion.Id))).StaffNote);
    }

    [Fact]
    public async Task Cards_for_a_class_found_by_its_teacher_name_her_as_left_out_and_never_give_her_one()
    {
        var cards = database.Get<LoginCardService>();
        var selection = UserSelection.All(PaquaysClass) with { IncludeStaff = true };

        var plan = await cards.PlanIssueAsync(admin.Id, selection);
        var issue = await cards.IssueAsync(admin.Id, selection);

        Assert.Equal(2, plan.Count);
        var named = Assert.Single(plan.Skipped);
        Assert.Equal(("PAQUAY Sophie", "Les cartes de connexion sont réservées aux élèves."), (named.FullName, named.Reason));
        Assert.Equal(["aj", "bm"], issue.Cards.Select(c => c.Login).Order());
    }

    [Fact]
    public async Task Unlocking_is_not_meant_for_pupils_only_the_locked_teacher_of_the_selection_is_unlocked()
    {
        await using (var db = database.CreateDbContext())
        {
            var locked = await db.Accounts.FindAsync(paquay.AccountId);
            locked!.LockedUntil = DateTime.UtcNow.AddYears(1);
            await db.SaveChangesAsync();
        }

        var outcome = await database.Get<PasswordService>().UnlockManyAsync(admin.Id, UserSelection.Of(paquay.Id, jules.Id));

        Assert.Equal(1, outcome.Done);
        Assert.Null((await database.FindUserAsync("paquay")).Account.LockedUntil);
    }
}
