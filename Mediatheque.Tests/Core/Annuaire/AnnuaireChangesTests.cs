using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Annuaire;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Annuaire;

/// <summary>
/// What a synchronisation does when the directory changes between runs. The directory is shared by the
/// class and changed by the tests, so each test adds and changes entries of its own and looks only at them.
/// </summary>
public abstract class AnnuaireChangesTests(EcoleDirectory directory, DatabaseProvider provider) : AnnuaireDatabaseTests(directory, provider)
{
    public sealed class OnSqlite(EcoleDirectory directory) : AnnuaireChangesTests(directory, DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql(EcoleDirectory directory) : AnnuaireChangesTests(directory, DatabaseProvider.PostgreSql);

    private Slapd Ldap => Directory.Server;

    [Fact]
    public async Task A_changed_entry_updates_its_user_name_class_and_email_at_the_next_synchronisation()
    {
        await Ldap.AddAsync(Pupil("hugo.petit", "PETIT", "Hugo", "CM2 A"));
        await SyncAsync();
        var before = await UserAsync("hugo.petit");

        await Ldap.ModifyAsync($"""
            dn: {Slapd.Dn("hugo.petit")}
            changetype: modify
            replace: sn
            sn: PETIT-LAMBERT
            -
            replace: departmentNumber
            departmentNumber: CM2 B
            -
            add: mail
            mail: hugo@ecole.test

            """);
        var run = await SyncAsync();

        var after = await UserAsync("hugo.petit");
        Assert.True(run.Updated >= 1);
        Assert.Equal((before.Id, "PETIT-LAMBERT", "hugo@ecole.test"), (after.Id, after.Nom, after.Email));
        Assert.Equal(["CM2 B"], after.Memberships.Where(m => m.Group.Type == GroupType.Classe).Select(m => m.Group.Name));
        Assert.True(after.Version > before.Version);
    }

    [Fact]
    public async Task A_renamed_entry_keeps_its_user_found_by_its_stable_id()
    {
        await Ldap.AddAsync(Pupil("lea.simon", "SIMON", "Léa", "CE2 B"));
        await SyncAsync();
        var before = await UserAsync("lea.simon");

        await Ldap.ModifyAsync($"""
            dn: {Slapd.Dn("lea.simon")}
            changetype: modrdn
            newrdn: uid=lea.simon-durand
            deleteoldrdn: 1

            """);
        await SyncAsync();

        var after = await UserAsync("lea.simon-durand");
        Assert.Equal((before.Id, before.AnnuaireId, true), (after.Id, after.AnnuaireId, after.IsActive));
    }

    [Fact]
    public async Task An_entry_deleted_from_the_directory_makes_its_user_leave_then_the_daily_job_deactivates_them_and_ends_their_sessions()
    {
        await Ldap.AddAsync(Pupil("tom.garnier", "GARNIER", "Tom", "CP B"));
        await SyncAsync();
        var before = await UserAsync("tom.garnier");

        // Issue 21: the directory's leavers go through the same states as the rentrée's: parti first.
        await Ldap.DeleteAsync("tom.garnier");
        var run = await SyncAsync();

        var parti = await UserAsync("tom.garnier");
        Assert.True(run.Deactivated >= 1);
        Assert.Equal((AccountState.Parti, UserDeactivation.Annuaire), (parti.State, parti.DeactivatedBy));
        Assert.StartsWith("Parti le 01/09/2026 (absent de l'annuaire fédérateur)", (await DetailsAsync(parti)).StateNotice);

        // The school's 30 days pass: the daily job deactivates them, and their open sessions end.
        Database.Clock.Advance(TimeSpan.FromDays(30));
        await Database.Get<AccountStateJob>().RunAsync();
        var after = await UserAsync("tom.garnier");
        Assert.Equal((false, UserDeactivation.Annuaire), (after.IsActive, after.DeactivatedBy));
        Assert.NotEqual(before.Account.SecurityStamp, after.Account.SecurityStamp);
        Assert.Contains("désactivé le 01/10/2026", (await DetailsAsync(after)).InactiveNotice);

        // Back in the directory (a new entry, a new stable id): the same account is found by its login and reactivated.
        await Ldap.AddAsync(Pupil("tom.garnier", "GARNIER", "Tom", "CP B"));
        await SyncAsync();
        var back = await UserAsync("tom.garnier");
        Assert.Equal((before.Id, true, null), (back.Id, back.IsActive, back.DeactivatedBy));
        Assert.NotEqual(before.AnnuaireId, back.AnnuaireId);
        Assert.Null((await DetailsAsync(back)).InactiveNotice);
    }

    [Fact]
    public async Task A_directory_user_deactivated_here_stays_deactivated_while_the_directory_still_lists_them()
    {
        await Ldap.AddAsync(Pupil("nina.roche", "ROCHE", "Nina", "CE1 A"));
        await SyncAsync();
        var before = await UserAsync("nina.roche");
        Assert.True((await Database.Get<UserEditor>().SetActiveAsync(Admin.Id, before.Id, active: false)).Succeeded);

        // Still in the directory, and changed there: the change is synchronised, the deactivation kept.
        await Ldap.ModifyAsync($"""
            dn: {Slapd.Dn("nina.roche")}
            changetype: modify
            replace: sn
            sn: ROCHE-MARTIN

            """);
        var run = await SyncAsync();
        var after = await UserAsync("nina.roche");

        Assert.Equal(("ROCHE-MARTIN", false, UserDeactivation.Administrator), (after.Nom, after.IsActive, after.DeactivatedBy));
        Assert.Equal(0, run.Deactivated);
        var notice = (await DetailsAsync(after)).InactiveNotice;
        Assert.StartsWith("Cet utilisateur a été désactivé dans la Médiathèque", notice);
        Assert.Contains("La synchronisation de l'annuaire ne le réactive pas", notice);

        // Leaving the directory and coming back does not undo an administrator's decision either.
        await Ldap.DeleteAsync("nina.roche");
        await SyncAsync();
        await Ldap.AddAsync(Pupil("nina.roche", "ROCHE-MARTIN", "Nina", "CE1 A"));
        await SyncAsync();
        var back = await UserAsync("nina.roche");
        Assert.Equal((before.Id, false, UserDeactivation.Administrator), (back.Id, back.IsActive, back.DeactivatedBy));

        // An administrator reactivates them here: active, and no longer marked.
        Assert.True((await Database.Get<UserEditor>().SetActiveAsync(Admin.Id, before.Id, active: true)).Succeeded);
        await SyncAsync();
        var reactivated = await UserAsync("nina.roche");
        Assert.Equal((true, null), (reactivated.IsActive, reactivated.DeactivatedBy));
    }

    private async Task<UserDetails> DetailsAsync(User user) => (await Database.Get<UserEditor>().GetAsync(Admin.Id, user.Id))!;

    private async Task<AnnuaireRun> SyncAsync()
    {
        var run = await Database.Get<AnnuaireSync>().SyncNowAsync(Admin.Id);
        Assert.True(run.Succeeded, run.Error);
        return run;
    }

    private async Task<User> UserAsync(string login)
    {
        await using var db = Database.CreateDbContext();
        return await db.Users.AsNoTracking().Include(u => u.Account).Include(u => u.Memberships).ThenInclude(m => m.Group).SingleAsync(u => u.Login == login);
    }

    private static string Pupil(string uid, string sn, string givenName, string classe) => $"""
        dn: {Slapd.Dn(uid)}
        objectClass: inetOrgPerson
        uid: {uid}
        cn: {givenName} {sn}
        sn: {sn}
        givenName: {givenName}
        employeeType: ELEVE
        departmentNumber: {classe}
        userPassword: {uid}-2026

        """;
}
