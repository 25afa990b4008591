using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Schools;

/// <summary>
/// What several schools in one deployment mean for the people in them: one login per person, a profile and classes in
/// each school, names and numbers that two schools may share, and the platform administrator who creates schools and
/// names their administrators.
/// </summary>
public abstract class SchoolsTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : SchoolsTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : SchoolsTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;
    private SchoolWorld world = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        // Teachers reach the pupils of their own groups only, as by default.
        world = await SchoolWorld.CreateAsync(database, TeacherScope.OwnGroups);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private async Task<List<string>> PupilsSeenByAsync(User teacher) =>
        (await database.Get<UserFinder>().SearchAsync(teacher.Id, new UserQuery())).Rows.Select(r => r.Login).Order().ToList();

    [Fact]
    public async Task Roux_sees_his_cm2_pupils_in_jules_ferry_and_his_6a_pupils_in_jean_moulin_never_both_at_once()
    {
        Assert.Equal(["bm"], await PupilsSeenByAsync(world.RouxA));
        Assert.Equal(["ze"], await PupilsSeenByAsync(world.RouxB));
        Assert.Null(await database.Get<UserEditor>().GetAsync(world.RouxA.Id, world.PupilB.Id));
        Assert.Null(await database.Get<UserEditor>().GetAsync(world.RouxB.Id, world.PupilA.Id));
    }

    [Fact]
    public async Task A_teacher_of_two_schools_has_one_login_and_finds_both_schools_with_his_row_in_each()
    {
        var signIn = await database.Get<SignInService>().SignInAsync("roux", "roux-demo-2026");

        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        Assert.Equal([nameof(Profil.Enseignant)], signIn.User!.Roles);
        var places = await database.Get<MySchools>().OfAsync(signIn.User.AccountId);
        Assert.Equal(
            [("Collège Jean-Moulin", world.RouxB.Id), ("École élémentaire Jules-Ferry", world.RouxA.Id)],
            places.Select(p => (p.Name, p.UserId)));
    }

    [Fact]
    public async Task Each_schools_administrator_sees_the_teacher_of_both_with_their_own_classes_only()
    {
        var inA = await database.Get<UserEditor>().GetAsync(world.AdminA.Id, world.RouxA.Id);
        var inB = await database.Get<UserEditor>().GetAsync(world.AdminB.Id, world.RouxB.Id);

        Assert.Equal(["CM2"], inA!.Groups.Select(g => g.Name));
        Assert.Equal(["6A"], inB!.Groups.Select(g => g.Name));
        Assert.Equal(world.A, (await world.ReadAsync(world.RouxA)).SchoolId);
    }

    [Fact]
    public async Task Deactivated_in_one_school_a_teacher_still_signs_in_to_the_other_and_works_only_there()
    {
        var deactivated = await database.Get<UserEditor>().SetActiveAsync(world.AdminB.Id, world.RouxB.Id, active: false);

        Assert.True(deactivated.Succeeded, deactivated.Message);
        var signIn = await database.Get<SignInService>().SignInAsync("roux", "roux-demo-2026");
        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        Assert.Equal([world.A], (await database.Get<MySchools>().OfAsync(signIn.User!.AccountId)).Select(p => p.SchoolId));
        Assert.Empty(await PupilsSeenByAsync(world.RouxB));
    }

    [Fact]
    public async Task Two_schools_may_each_have_a_6A_and_a_pupil_numbered_JM_2026_001()
    {
        var pupil = await database.AddUserAsync("DUPONT", "Léa", login: "dl", groups: (GroupType.Classe, "6A"));
        await using (var db = database.CreateDbContext(world.A))
        {
            (await db.Users.SingleAsync(u => u.Id == pupil.Id)).EstablishmentId = "JM-2026-001";
            await db.SaveChangesAsync();
        }

        var inA = await database.Get<UserFinder>().SearchAsync(world.AdminA.Id, new UserQuery { Classe = "6A" });
        var inB = await database.Get<UserFinder>().SearchAsync(world.AdminB.Id, new UserQuery { Classe = "6A" });

        Assert.Equal(["dl"], inA.Rows.Select(r => r.Login));
        Assert.Equal(new[] { "klein", "roux", "ze" }, inB.Rows.Select(r => r.Login).Order());
    }

    [Fact]
    public async Task A_login_is_unique_in_the_whole_platform_but_says_nothing_of_the_other_school()
    {
        var created = await database.Get<UserEditor>().CreateAsync(world.AdminA.Id, new UserEdit(
            0, 0, "ZOLA", "Émile", Profil.Eleve, "ze", null, null, null, null, [], "zola-emile-99", "zola-emile-99"));
        var file = ImportSamples.Own("ZOLA;Émile;ze;;;;;CM2;;;", "ZOLA;Émile;;;;;;CM2;;;");
        var preview = await database.Get<ImportService>().PreviewAsync(world.AdminA.Id, file, new ImportChoices());

        Assert.False(created.Result.Succeeded);
        Assert.Contains("Cet identifiant de connexion est déjà utilisé", created.Result.Message);
        Assert.Contains(preview.Issues, i => i.Message == "L'identifiant « ze » est déjà utilisé dans une autre école de la Médiathèque.");
        // A login made up for a new pupil is free in every school: not B's « ze ».
        Assert.Equal(["ze2"], preview.Creates.Select(c => c.Login));
    }

    [Fact]
    public async Task A_new_user_is_created_in_the_school_of_the_administrator_who_creates_them()
    {
        var (result, id) = await database.Get<UserEditor>().CreateAsync(world.AdminB.Id, new UserEdit(
            0, 0, "HUGO", "Victor", Profil.Eleve, "hv", null, null, null, null, [await world.GroupIdAsync(world.B, "6A")], "victor-hugo-26", "victor-hugo-26"));

        Assert.True(result.Succeeded, result.Message);
        await using var db = database.CreateUnscopedDbContext();
        Assert.Equal(world.B, await db.Users.IgnoreQueryFilters().Where(u => u.Id == id).Select(u => u.SchoolId).SingleAsync());
        Assert.Equal(["hv", "ze"], (await database.Get<UserFinder>().SearchAsync(world.AdminB.Id, new UserQuery { Classe = "6A", Profil = Profil.Eleve }))
            .Rows.Select(r => r.Login).Order());
    }

    [Fact]
    public async Task The_journal_records_each_lines_school()
    {
        var reset = await database.Get<Mediatheque.Core.Passwords.PasswordService>().ResetAsync(
            new Mediatheque.Core.Passwords.PasswordReset(world.AdminA.Id, world.PupilA.Id, "tigre-vert-47", "tigre-vert-47", false));

        Assert.True(reset.Succeeded, reset.Message);
        await using var db = database.CreateUnscopedDbContext();
        var line = await db.AuditEntries.IgnoreQueryFilters().OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal((AuditAction.PasswordReset, world.A, "bm"), (line.Action, line.SchoolId, line.TargetLogin));
    }

    [Fact]
    public async Task A_schools_directory_is_named_as_that_school_names_it()
    {
        await using (var db = database.CreateUnscopedDbContext())
        {
            (await db.Schools.SingleAsync(s => s.Id == world.B)).AnnuaireName = "ENT du Collège";
            await db.SaveChangesAsync();
        }

        var policy = database.Get<UserPolicy>();
        var b = (await database.Get<MySchools>().SettingsAsync(world.AdminB.Id))!;
        var a = (await database.Get<MySchools>().SettingsAsync(world.AdminA.Id))!;

        Assert.Contains("« ENT du Collège »", policy.AnnuaireReason(b));
        Assert.Contains("« annuaire fédérateur »", policy.AnnuaireReason(a));
    }

    [Fact]
    public async Task Only_the_platform_administrator_lists_and_creates_schools()
    {
        var platform = database.Get<Platform>();

        Assert.Null(await platform.SchoolsAsync(world.AdminA.AccountId));
        Assert.Equal(Platform.NotAllowed, (await platform.CreateSchoolAsync(world.AdminA.AccountId, new SchoolSettings("Pirate", null))).Result.Message);
        Assert.Null(await platform.GetAsync(world.AdminA.AccountId, world.B));
        Assert.Equal(Platform.NotAllowed, (await platform.NameAdministratorAsync(world.AdminA.AccountId, world.B, new NewAdministrator("admin", Profil.Administrateur))).Message);
    }

    [Fact]
    public async Task The_platform_lists_every_school_with_its_numbers()
    {
        var platformAdmin = await PlatformAdministratorAsync();

        var schools = await database.Get<Platform>().SchoolsAsync(platformAdmin);

        var a = schools!.Single(s => s.Id == world.A);
        var b = schools!.Single(s => s.Id == world.B);
        Assert.Equal((1, 2, 1, 1, 1), (a.ActiveOf(Profil.Eleve), a.ActiveOf(Profil.Enseignant), a.ActiveOf(Profil.AdministrateurSecondaire), a.ActiveOf(Profil.Administrateur), a.Locked));
        Assert.Equal((2, 2, 1, 1), (b.ActiveOf(Profil.Eleve), b.ActiveOf(Profil.Enseignant), b.ActiveOf(Profil.Administrateur), b.Locked));
        Assert.Equal(("École élémentaire Jules-Ferry", "0999001A"), (a.Name, a.Uai));
    }

    [Fact]
    public async Task A_new_school_needs_a_name_and_a_well_formed_uai_of_its_own()
    {
        var platformAdmin = await PlatformAdministratorAsync();
        var platform = database.Get<Platform>();

        var nameless = await platform.CreateSchoolAsync(platformAdmin, new SchoolSettings(" ", null));
        var malformed = await platform.CreateSchoolAsync(platformAdmin, new SchoolSettings("Lycée Condorcet", "12345"));
        var taken = await platform.CreateSchoolAsync(platformAdmin, new SchoolSettings("Lycée Condorcet", "0999002b"));
        var created = await platform.CreateSchoolAsync(platformAdmin, new SchoolSettings("Lycée Condorcet", " 0999003c "));

        Assert.Equal("Le nom de l'école est obligatoire.", nameless.Result.Message);
        Assert.Equal($"L'UAI « 12345 » n'a pas la forme d'une UAI : {Uai.Format}.", malformed.Result.Message);
        Assert.Equal("L'UAI « 0999002B » est déjà celle d'une autre école de la plateforme.", taken.Result.Message);
        Assert.True(created.Result.Succeeded, created.Result.Message);
        var details = await platform.GetAsync(platformAdmin, created.SchoolId!.Value);
        Assert.Equal(("Lycée Condorcet", "0999003C"), (details!.Settings.Name, details.Settings.Uai));
        Assert.Empty(details.Administrators);
    }

    [Fact]
    public async Task A_new_administrator_gets_a_first_password_to_change_and_administers_that_school_only()
    {
        var platformAdmin = await PlatformAdministratorAsync();
        var platform = database.Get<Platform>();
        var (_, schoolId) = await platform.CreateSchoolAsync(platformAdmin, new SchoolSettings("Lycée Condorcet", "0999003C"));

        var weak = await platform.NameAdministratorAsync(platformAdmin, schoolId!.Value, new NewAdministrator("proviseur", Profil.Administrateur, "CURIE", "Marie", "court", "court"));
        var named = await platform.NameAdministratorAsync(platformAdmin, schoolId.Value,
            new NewAdministrator("proviseur", Profil.Administrateur, "CURIE", "Marie", "une phrase bien longue", "une phrase bien longue"));

        Assert.False(weak.Succeeded);
        Assert.True(named.Succeeded, named.Message);
        var signIn = await database.Get<SignInService>().SignInAsync("proviseur", "une phrase bien longue");
        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        Assert.True(signIn.User!.MustChangePassword);
        var place = Assert.Single(await database.Get<MySchools>().OfAsync(signIn.User.AccountId));
        Assert.Equal((schoolId.Value, Profil.Administrateur), (place.SchoolId, place.Profil));
        Assert.Equal(["CURIE Marie"], (await platform.GetAsync(platformAdmin, schoolId.Value))!.Administrators.Select(a => a.FullName));
        var journal = await database.Get<Journal>().SearchAsync(place.UserId, new JournalQuery());
        Assert.Contains(journal.Lines, l => l.Action == AuditAction.AdministratorNamed && l.TargetLogin == "proviseur");
        Assert.Contains(journal.Lines, l => l.Action == AuditAction.SchoolCreated);
    }

    [Fact]
    public async Task An_existing_person_named_administrator_of_another_school_keeps_their_login_and_password()
    {
        var platformAdmin = await PlatformAdministratorAsync();
        var platform = database.Get<Platform>();

        var named = await platform.NameAdministratorAsync(platformAdmin, world.B, new NewAdministrator("admin", Profil.AdministrateurSecondaire));

        Assert.True(named.Succeeded, named.Message);
        var signIn = await database.Get<SignInService>().SignInAsync("admin", "admin-demo-2026");
        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        var places = await database.Get<MySchools>().OfAsync(signIn.User!.AccountId);
        Assert.Equal(
            [("Collège Jean-Moulin", Profil.AdministrateurSecondaire), ("École élémentaire Jules-Ferry", Profil.Administrateur)],
            places.Select(p => (p.Name, p.Profil)));
        Assert.Equal("LEBRUN Claire", (await platform.GetAsync(platformAdmin, world.B))!.Administrators.Single(a => a.Login == "admin").FullName);
    }

    [Fact]
    public async Task A_removed_administrator_no_longer_works_in_that_school()
    {
        var platformAdmin = await PlatformAdministratorAsync();

        var removed = await database.Get<Platform>().RemoveAdministratorAsync(platformAdmin, world.B, world.AdminB.Id);
        var notAnAdministrator = await database.Get<Platform>().RemoveAdministratorAsync(platformAdmin, world.B, world.PupilB.Id);

        Assert.True(removed.Succeeded, removed.Message);
        Assert.False(notAnAdministrator.Succeeded);
        Assert.Equal(SignInStatus.Deactivated, (await database.Get<SignInService>().SignInAsync("moulin", "moulin-demo-2026")).Status);
        Assert.Null(await database.Get<UserEditor>().GetAsync(world.AdminB.Id, world.PupilB.Id));
    }

    [Fact]
    public async Task A_schools_teacher_scope_is_its_own()
    {
        var platformAdmin = await PlatformAdministratorAsync();
        var details = (await database.Get<Platform>().GetAsync(platformAdmin, world.A))!;

        var changed = await database.Get<Platform>().UpdateAsync(platformAdmin, world.A, details.Settings with { TeacherScope = TeacherScope.WholeSchool });

        Assert.True(changed.Succeeded, changed.Message);
        var pupilOutOfHisClass = await database.AddUserAsync("PETIT", "Noé", login: "pn", groups: (GroupType.Classe, "CE1"));
        Assert.Contains("pn", await PupilsSeenByAsync(world.RouxA));
        Assert.Equal(["ze"], await PupilsSeenByAsync(world.RouxB));
        Assert.NotNull(pupilOutOfHisClass);
    }

    [Fact]
    public async Task The_one_password_of_a_teacher_of_two_schools_is_reset_by_neither_school_but_by_the_platform()
    {
        var passwords = database.Get<Mediatheque.Core.Passwords.PasswordService>();

        var byA = await passwords.ResetAsync(new Mediatheque.Core.Passwords.PasswordReset(world.AdminA.Id, world.RouxA.Id, "vol-du-compte-26", "vol-du-compte-26", false));
        var byB = await database.Get<Mediatheque.Core.Passwords.BulkPasswordReset>().ApplyAsync(world.AdminB.Id, UserSelection.Of(world.RouxB.Id));
        var form = await database.Get<UserEditor>().GetAsync(world.AdminA.Id, world.RouxA.Id);

        Assert.Equal(UserPolicy.OtherSchoolReason, byA.Message);
        Assert.Empty(byB.Credentials);
        Assert.Equal(UserPolicy.OtherSchoolReason, Assert.Single(byB.Skipped).Reason);
        Assert.False(form!.CanEdit(UserField.Password));
        Assert.True(form.CanEdit(UserField.Email));
        Assert.Equal(SignInStatus.Succeeded, (await database.Get<SignInService>().SignInAsync("roux", "roux-demo-2026")).Status);

        var platformAdmin = await PlatformAdministratorAsync();
        var byPlatform = await database.Get<Platform>().SetFirstPasswordAsync(platformAdmin, "roux", "une-phrase-provisoire", "une-phrase-provisoire");

        Assert.True(byPlatform.Succeeded, byPlatform.Message);
        var signIn = await database.Get<SignInService>().SignInAsync("roux", "une-phrase-provisoire");
        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        Assert.True(signIn.User!.MustChangePassword);
        // Each school's journal says who gave it.
        await using var db = database.CreateDbContext(world.B);
        var line = await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync(e => e.Action == AuditAction.PasswordReset);
        Assert.Equal(("plateforme", "roux"), (line.ActorLogin, line.TargetLogin));
    }

    private async Task<int> PlatformAdministratorAsync()
    {
        Assert.True((await database.Get<FirstAdministrator>().CreateAsync("plateforme", "DUMAS", "Hélène", "une phrase bien longue", "une phrase bien longue")).Succeeded);
        await using var db = database.CreateUnscopedDbContext();
        return await db.Accounts.Where(a => a.Login == "plateforme").Select(a => a.Id).SingleAsync();
    }
}
