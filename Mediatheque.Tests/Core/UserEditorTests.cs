using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

public abstract class UserEditorTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : UserEditorTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : UserEditorTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;
    private User paquay = null!, admin = null!, secondaire = null!, marion = null!, ent = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider, new Dictionary<string, string?> { ["Mediatheque:Annuaire:Enabled"] = "true" });
        paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        secondaire = await database.AddUserAsync("MOREAU", "Pascal", Profil.AdministrateurSecondaire, "secondaire", "secondaire-demo-2026");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Option, "Foot")]);
        ent = await database.AddUserAsync("ROUX", "Chloé", Profil.Eleve, "rc", "chloe-2026", UserSource.Annuaire);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private UserEditor Editor => database.Get<UserEditor>();

    private async Task<UserEdit> FormOf(User actor, User target)
    {
        var details = (await Editor.GetAsync(actor.Id, target.Id))!;
        return new UserEdit(details.Id, details.Version, details.Nom, details.Prenom, details.Profil, details.Login,
            details.NationalId, details.EstablishmentId, details.Email, details.NetworkFolder, details.Groups.Select(g => g.Id).ToList());
    }

    [Fact]
    public async Task A_teacher_sees_her_pupil_read_only_except_the_password()
    {
        var details = await Editor.GetAsync(paquay.Id, marion.Id);

        Assert.NotNull(details);
        Assert.Equal(UserField.Password, details.Editable);
        Assert.Equal(["Mme PAQUAY", "Foot"], details.Groups.Select(g => g.Name));
    }

    [Fact]
    public async Task A_teacher_cannot_open_a_pupil_outside_her_groups()
    {
        var stranger = await database.AddUserAsync("MARTIN", "Lucas", groups: (GroupType.Classe, "M. DURAND"));

        Assert.Null(await Editor.GetAsync(paquay.Id, stranger.Id));
    }

    [Fact]
    public async Task A_crafted_save_by_a_teacher_that_renames_a_pupil_is_refused_and_saves_nothing()
    {
        var form = await FormOf(paquay, marion) with { Nom = "PIRATE", NewPassword = "tigre-vert-47", Confirmation = "tigre-vert-47" };

        var result = await Editor.SaveAsync(paquay.Id, form);

        Assert.False(result.Succeeded);
        Assert.Contains("Vous ne pouvez pas modifier : Nom", result.Message);
        var saved = await database.FindUserAsync("bm");
        Assert.Equal("BESSON", saved.Nom);
        Assert.Equal(marion.Account.PasswordHash, saved.Account.PasswordHash);
    }

    [Fact]
    public async Task A_teacher_sets_a_password_through_the_form_as_in_the_article()
    {
        var form = await FormOf(paquay, marion) with { NewPassword = "tigre-vert-47", Confirmation = "tigre-vert-47", MustChangePassword = false };

        var result = await Editor.SaveAsync(paquay.Id, form);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(SignInStatus.Succeeded, (await database.Get<SignInService>().SignInAsync("bm", "tigre-vert-47", null)).Status);
    }

    [Fact]
    public async Task An_administrator_edits_fields_and_the_journal_names_them()
    {
        var form = await FormOf(admin, marion) with { Email = "marion.besson@ecole.fr", NetworkFolder = @"\\172.16.0.6\bm\travail" };

        var result = await Editor.SaveAsync(admin.Id, form);

        Assert.True(result.Succeeded, result.Message);
        var saved = await database.FindUserAsync("bm");
        Assert.Equal("marion.besson@ecole.fr", saved.Email);
        await using var db = database.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditAction.UserEdited);
        Assert.Equal("Champs modifiés : Email, Chemin du dossier réseau", entry.Details);
    }

    [Fact]
    public async Task The_second_of_two_simultaneous_saves_is_refused_and_overwrites_nothing()
    {
        var mine = await FormOf(admin, marion);
        var theirs = await FormOf(secondaire, marion);
        Assert.True((await Editor.SaveAsync(secondaire.Id, theirs with { Email = "theirs@ecole.fr" })).Succeeded);

        var result = await Editor.SaveAsync(admin.Id, mine with { Email = "mine@ecole.fr" });

        Assert.True(result.Conflict);
        Assert.Contains("Quelqu'un d'autre a enregistré cet utilisateur", result.Message);
        Assert.Equal("theirs@ecole.fr", (await database.FindUserAsync("bm")).Email);
    }

    [Fact]
    public async Task Uniqueness_and_formats_are_checked_with_french_messages()
    {
        var form = await FormOf(admin, marion) with { Login = "PAQUAY", Email = "pas-un-email", NetworkFolder = "C:\\perso" };

        var result = await Editor.SaveAsync(admin.Id, form);

        Assert.Contains(result.Errors, e => e.Field == UserField.Login && e.Message.Contains("déjà utilisé"));
        Assert.Contains(result.Errors, e => e.Field == UserField.Email);
        Assert.Contains(result.Errors, e => e.Field == UserField.NetworkFolder && e.Message.Contains("UNC"));
        Assert.Equal("bm", (await database.FindUserAsync("bm")).Login);
    }

    [Fact]
    public async Task Required_fields_and_the_confirmation_are_checked()
    {
        var form = await FormOf(admin, marion) with { Nom = " ", NewPassword = "tigre-vert-47", Confirmation = "autre-chose-47" };

        var result = await Editor.SaveAsync(admin.Id, form);

        Assert.Contains(result.Errors, e => e.Message == "Le nom est obligatoire.");
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_directory_users_identity_is_read_only_but_the_network_folder_is_not()
    {
        var rename = await Editor.SaveAsync(admin.Id, await FormOf(admin, ent) with { Prenom = "Zoé" });
        var folder = await Editor.SaveAsync(admin.Id, await FormOf(admin, ent) with { NetworkFolder = @"\\srv\rc\perso" });

        Assert.Contains("annuaire fédérateur", rename.Message);
        Assert.True(folder.Succeeded, folder.Message);
        Assert.Equal("Chloé", (await database.FindUserAsync("rc")).Prenom);
    }

    [Fact]
    public async Task A_secondary_administrator_cannot_promote_a_teacher_to_administrator()
    {
        var result = await Editor.SaveAsync(secondaire.Id, await FormOf(secondaire, paquay) with { Profil = Profil.Administrateur });

        Assert.Contains(result.Errors, e => e.Field == UserField.Profil);
        Assert.Equal(Profil.Enseignant, (await database.FindUserAsync("paquay")).Profil);
    }

    [Fact]
    public async Task An_administrator_moves_a_pupil_to_another_class()
    {
        var other = await database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, groups: (GroupType.Classe, "M. DURAND"));
        var groups = await Editor.GetGroupsAsync(admin.Id);
        var durandClass = groups.Single(g => g.Name == "M. DURAND").Id;
        var foot = groups.Single(g => g.Name == "Foot").Id;

        var result = await Editor.SaveAsync(admin.Id, await FormOf(admin, marion) with { GroupIds = [durandClass, foot] });

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["M. DURAND", "Foot"], (await Editor.GetAsync(admin.Id, marion.Id))!.Groups.Select(g => g.Name));
        Assert.Null(await Editor.GetAsync(paquay.Id, marion.Id));
        Assert.NotNull(await Editor.GetAsync(other.Id, marion.Id));
    }

    [Fact]
    public async Task An_image_must_be_a_png_or_a_jpeg_by_content()
    {
        var fake = await Editor.SaveAsync(admin.Id, await FormOf(admin, marion) with { Photo = new PhotoUpload("<svg/>"u8.ToArray(), "image/png") });
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];
        var real = await Editor.SaveAsync(admin.Id, await FormOf(admin, marion) with { Photo = new PhotoUpload(png, "image/png") });

        Assert.Contains("PNG ou JPEG", fake.Message);
        Assert.True(real.Succeeded, real.Message);
        Assert.Equal("image/png", (await database.FindUserAsync("bm")).PhotoContentType);
    }

    [Fact]
    public async Task Deactivating_a_user_ends_their_session_and_their_sign_in()
    {
        var session = (await database.Get<SignInService>().SignInAsync("bm", "marion2026", null)).User!;
        var token = await database.Get<SessionStore>().StartAsync(session.AccountId, null);

        var byTeacher = await Editor.SetActiveAsync(paquay.Id, marion.Id, active: false);
        var byAdmin = await Editor.SetActiveAsync(admin.Id, marion.Id, active: false);

        Assert.False(byTeacher.Succeeded);
        Assert.True(byAdmin.Succeeded);
        Assert.Null(await database.Get<SessionStore>().ValidateAsync(token, session.AccountId, session.SecurityStamp));
        Assert.Equal(SignInStatus.Deactivated, (await database.Get<SignInService>().SignInAsync("bm", "marion2026", null)).Status);
    }

    private static UserEdit NewUser(Profil profil, string login = "martin", string password = "une phrase bien longue") =>
        new(0, 0, "MARTIN", "Hélène", profil, login, null, null, "h.martin@ecole.fr", null, [], password, password, MustChangePassword: true);

    [Fact]
    public async Task An_administrator_creates_a_teacher_who_signs_in_and_must_change_the_password()
    {
        var (result, id) = await Editor.CreateAsync(admin.Id, NewUser(Profil.Enseignant));

        Assert.True(result.Succeeded, result.Message);
        Assert.NotNull(id);
        var signIn = await database.Get<SignInService>().SignInAsync("martin", "une phrase bien longue", null);
        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        Assert.True(signIn.User!.MustChangePassword);
        await using var db = database.CreateDbContext();
        Assert.Single(await db.AuditEntries.Where(e => e.Action == AuditAction.UserCreated && e.TargetId == id).ToListAsync());
    }

    [Fact]
    public async Task Only_administrators_create_users_and_only_in_the_profiles_they_may_give()
    {
        var byTeacher = await Editor.CreateAsync(paquay.Id, NewUser(Profil.Eleve, "eleve1", "tigre-vert-47"));
        var adminBySecondaire = await Editor.CreateAsync(secondaire.Id, NewUser(Profil.Administrateur, "chef"));
        var duplicate = await Editor.CreateAsync(admin.Id, NewUser(Profil.Enseignant, "BM"));

        Assert.Null(byTeacher.UserId);
        Assert.Contains("Seul un administrateur", byTeacher.Result.Message);
        Assert.Contains(adminBySecondaire.Result.Errors, e => e.Field == UserField.Profil);
        Assert.Contains(duplicate.Result.Errors, e => e.Field == UserField.Login && e.Message.Contains("déjà utilisé"));
        await using var db = database.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Login == "eleve1" || u.Login == "chef"));
    }

    [Fact]
    public async Task A_new_user_needs_a_password_that_follows_the_policy()
    {
        var (result, id) = await Editor.CreateAsync(admin.Id, NewUser(Profil.Enseignant, password: "court"));

        Assert.Null(id);
        Assert.Contains(result.Errors, e => e.Field == UserField.Password && e.Message.Contains("au moins 12 caractères"));
    }
}
