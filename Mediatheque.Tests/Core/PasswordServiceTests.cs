using Mediatheque.Core;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>The refusals hold in the service itself, without any UI in front of it.</summary>
public abstract class PasswordServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : PasswordServiceTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : PasswordServiceTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;
    private User paquay = null!, durand = null!, admin = null!, secondaire = null!, marion = null!, lucas = null!, ent = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Mediatheque:Annuaire:Enabled"] = "true",
            ["Mediatheque:Annuaire:Name"] = "ENT Occitanie",
        });
        paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        durand = await database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", "durand-demo-2026", groups: (GroupType.Classe, "M. DURAND"));
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        secondaire = await database.AddUserAsync("MOREAU", "Pascal", Profil.AdministrateurSecondaire, "secondaire", "secondaire-demo-2026");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);
        lucas = await database.AddUserAsync("MARTIN", "Lucas", Profil.Eleve, "ml", "lucas-2026", groups: (GroupType.Classe, "M. DURAND"));
        ent = await database.AddUserAsync("ROUX", "Chloé", Profil.Eleve, "rc", "chloe-2026", UserSource.Annuaire, groups: (GroupType.Classe, "Mme PAQUAY"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private PasswordService Passwords => database.Get<PasswordService>();

    private Task<OperationResult> Reset(User actor, User target, string password = "tigre-vert-47", string? confirmation = null, bool mustChange = true) =>
        Passwords.ResetAsync(new PasswordReset(actor.Id, target.Id, password, confirmation ?? password, mustChange));

    [Fact]
    public async Task A_teacher_resets_a_pupil_of_her_class_who_then_signs_in_with_it()
    {
        var result = await Reset(paquay, marion, mustChange: false);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(SignInStatus.Succeeded, (await database.Get<SignInService>().SignInAsync("bm", "tigre-vert-47", null)).Status);
        Assert.Equal(SignInStatus.Failed, (await database.Get<SignInService>().SignInAsync("bm", "marion2026", null)).Status);
    }

    [Fact]
    public async Task A_reset_can_force_a_change_at_next_sign_in()
    {
        await Reset(admin, paquay, "nouvelle phrase 2026");

        var signIn = await database.Get<SignInService>().SignInAsync("paquay", "nouvelle phrase 2026", null);

        Assert.True(signIn.User!.MustChangePassword);
    }

    [Fact]
    public async Task A_teacher_cannot_reset_a_pupil_of_another_class()
    {
        var before = (await database.FindUserAsync("ml")).Account.PasswordHash;

        var result = await Reset(paquay, lucas);

        Assert.False(result.Succeeded);
        Assert.Equal(UserPolicy.NotVisibleReason, result.Message);
        Assert.Equal(before, (await database.FindUserAsync("ml")).Account.PasswordHash);
    }

    [Fact]
    public async Task A_teacher_trying_ids_learns_nothing_from_the_refusals()
    {
        // A colleague, an administrator, a pupil of another class and an id that is no one: one answer.
        var targets = new[] { durand.Id, admin.Id, secondaire.Id, lucas.Id, 999_999 };

        var refusals = new List<string?>();
        foreach (var id in targets)
        {
            refusals.Add((await Passwords.CanResetAsync(paquay.Id, id)).Reason);
            refusals.Add((await Passwords.ResetAsync(new PasswordReset(paquay.Id, id, "une phrase assez longue", "une phrase assez longue", true))).Message);
            refusals.Add((await Passwords.UnlockAsync(paquay.Id, id)).Message);
        }

        Assert.Equal([UserPolicy.NotVisibleReason], refusals.Distinct());
    }

    [Fact]
    public async Task A_secondary_administrator_cannot_reset_an_administrator()
    {
        var result = await Reset(secondaire, admin, "une phrase assez longue");

        Assert.False(result.Succeeded);
        Assert.Contains("administrateur", result.Message);
    }

    [Fact]
    public async Task A_directory_pupils_password_is_refused_with_the_directorys_name()
    {
        var before = (await database.FindUserAsync("rc")).Account.PasswordHash;

        var result = await Reset(admin, ent);

        Assert.Equal(
            "Le mot de passe de cet utilisateur est géré par l'annuaire fédérateur « ENT Occitanie ». Réinitialisez-le dans l'annuaire.",
            result.Message);
        Assert.Equal(before, (await database.FindUserAsync("rc")).Account.PasswordHash);
    }

    [Fact]
    public async Task A_mismatched_confirmation_and_a_weak_password_are_refused_in_french()
    {
        var mismatch = await Reset(paquay, marion, "tigre-vert-47", "tigre-vert-48");
        var weak = await Reset(paquay, marion, "azertyuiop");

        Assert.Equal("Les deux mots de passe ne correspondent pas.", mismatch.Message);
        Assert.Contains("trop courant", weak.Message);
    }

    [Fact]
    public async Task A_reset_is_journaled_without_the_password_or_its_hash()
    {
        await Reset(paquay, marion);

        await using var db = database.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditAction.PasswordReset);
        var hash = (await database.FindUserAsync("bm")).Account.PasswordHash!;
        Assert.Equal(("paquay", "bm"), (entry.ActorLogin, entry.TargetLogin));
        var text = string.Join("|", entry.Details, entry.ActorLogin, entry.TargetLogin);
        Assert.DoesNotContain("tigre-vert-47", text);
        Assert.DoesNotContain(hash, text);
    }

    [Fact]
    public async Task A_teacher_unlocks_a_locked_pupil_of_her_class_but_not_another_one()
    {
        var signIn = database.Get<SignInService>();
        for (var i = 0; i < 5; i++)
        {
            await signIn.SignInAsync("bm", "devine" + i, null);
            await signIn.SignInAsync("ml", "devine" + i, null);
        }

        var mine = await Passwords.UnlockAsync(paquay.Id, marion.Id);
        var theirs = await Passwords.UnlockAsync(paquay.Id, lucas.Id);

        Assert.True(mine.Succeeded);
        Assert.False(theirs.Succeeded);
        Assert.Equal(SignInStatus.Succeeded, (await signIn.SignInAsync("bm", "marion2026", null)).Status);
        Assert.Equal(SignInStatus.LockedOut, (await signIn.SignInAsync("ml", "lucas-2026", null)).Status);
    }

    [Fact]
    public async Task The_dialog_learns_the_refusal_before_anything_is_typed()
    {
        Assert.True((await Passwords.CanResetAsync(paquay.Id, marion.Id)).Allowed);
        Assert.Contains("annuaire fédérateur « ENT Occitanie »", (await Passwords.CanResetAsync(paquay.Id, ent.Id)).Reason);
    }
}
