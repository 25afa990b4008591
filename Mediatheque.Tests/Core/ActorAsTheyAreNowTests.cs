using System.Text;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;

namespace Mediatheque.Tests.Core;

/// <summary>
/// The services read the actor from the database for every call, never from the session that opened the
/// circuit: an administrator deactivated or demoted while their page is still open may do no more than
/// their account now allows. The ids here stand for a circuit that was opened before the change.
/// </summary>
public sealed class ActorAsTheyAreNowTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private User admin = null!, secondaire = null!, colleague = null!, marion = null!, durand = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(new Dictionary<string, string?> { ["Mediatheque:Import:MaxFileSizeMegabytes"] = "1" });
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        colleague = await database.AddUserAsync("GIRARD", "Anne", Profil.Administrateur, "girard", "girard-demo-2026");
        secondaire = await database.AddUserAsync("MOREAU", "Pascal", Profil.AdministrateurSecondaire, "secondaire", "secondaire-demo-2026");
        durand = await database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", "durand-demo-2026", groups: (GroupType.Classe, "M. DURAND"));
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task A_deactivated_administrator_whose_page_is_still_open_may_do_nothing()
    {
        var deactivated = await database.Get<UserEditor>().SetActiveAsync(colleague.Id, admin.Id, active: false);
        Assert.True(deactivated.Succeeded, deactivated.Message);

        var details = await database.Get<UserEditor>().GetAsync(admin.Id, marion.Id);
        var grid = await database.Get<UserFinder>().SearchAsync(admin.Id, new UserQuery());
        var journal = await database.Get<Journal>().SearchAsync(admin.Id, new JournalQuery());
        var reset = await database.Get<PasswordService>().ResetAsync(new PasswordReset(admin.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", true));
        var profiles = await database.Get<UserEditor>().AssignableProfilesAsync(admin.Id);
        var file = ImportSamples.Own("NOUVEAU;Élève;;;;;;Mme PAQUAY;CE1;;");
        var import = database.Get<ImportService>();

        Assert.Null(details);
        Assert.Equal(0, grid.Total);
        Assert.Equal(Journal.NotAllowed, journal.Refusal);
        Assert.Empty(journal.Lines);
        Assert.Equal(UserPolicy.DeactivatedActorReason, reset.Message);
        Assert.Empty(profiles);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => import.PreviewAsync(admin.Id, file, new ImportChoices()));
    }

    [Fact]
    public async Task A_secondary_administrator_turned_teacher_loses_the_journal_the_import_and_the_staff_at_once()
    {
        var form = await database.Get<UserEditor>().GetAsync(admin.Id, secondaire.Id);
        var demoted = await database.Get<UserEditor>().SaveAsync(admin.Id, new UserEdit(
            form!.Id, form.Version, form.Nom, form.Prenom, Profil.Enseignant, form.Login, null, null, null, null, []));
        Assert.True(demoted.Succeeded, demoted.Message);

        var journal = await database.Get<Journal>().SearchAsync(secondaire.Id, new JournalQuery());
        var teacher = await database.Get<UserEditor>().GetAsync(secondaire.Id, durand.Id);
        var reset = await database.Get<PasswordService>().ResetAsync(
            new PasswordReset(secondaire.Id, durand.Id, "une phrase assez longue", "une phrase assez longue", true));
        var created = await database.Get<UserEditor>().CreateAsync(secondaire.Id, new UserEdit(
            0, 0, "NOUVEAU", "Prof", Profil.Enseignant, "nouveau", null, null, null, null, [], "une phrase assez longue", "une phrase assez longue"));
        var grid = await database.Get<UserFinder>().SearchAsync(secondaire.Id, new UserQuery());

        Assert.Equal(Journal.NotAllowed, journal.Refusal);
        Assert.Null(teacher);
        Assert.Equal(UserPolicy.NotVisibleReason, reset.Message);
        Assert.False(created.Result.Succeeded);
        Assert.Equal(0, grid.Total); // a teacher in no group sees no pupil
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            database.Get<ImportService>().PreviewAsync(secondaire.Id, ImportSamples.Own("NOUVEAU;Élève;;;;;;;;;"), new ImportChoices()));
    }

    [Fact]
    public async Task The_import_size_limit_is_decided_in_core_whatever_page_sends_the_file()
    {
        var import = database.Get<ImportService>();
        var tooBig = Encoding.UTF8.GetBytes(ImportTemplate.Header + "\n" + new string('x', 1024 * 1024) + "\n");

        var file = import.Read("enorme.csv", tooBig);

        Assert.False(file.IsReadable);
        Assert.Contains("la taille maximale est de 1 Mo", file.Issues.Single().Message);
        Assert.Equal(import.SizeRefusal("enorme.csv", tooBig.Length), file.Issues.Single().Message);
        Assert.Null(import.SizeRefusal("petit.csv", 1000));
        Assert.Equal("Taille maximale : 1 Mo.", import.SizeLimitText);
    }
}
