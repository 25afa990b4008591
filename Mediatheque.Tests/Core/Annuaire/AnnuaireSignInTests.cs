using Mediatheque.Core.Accounts;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Annuaire;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Annuaire;

/// <summary>Sign-in of directory users through a real slapd, and the password paths that stay closed to them.</summary>
public sealed class AnnuaireSignInTests(EcoleDirectory directory) : IClassFixture<EcoleDirectory>, IAsyncLifetime
{
    private TestDatabase database = null!;
    private User admin = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(directory.Server.Settings());
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-locale-2026");
        // lucas.martin is in the directory too, with another password: this local account must never go there.
        await database.AddUserAsync("MARTIN", "Lucas", login: "lucas.martin", password: "local-lucas-2026");
        var run = await database.Get<AnnuaireSync>().SyncNowAsync(admin.Id);
        Assert.True(run.Succeeded, run.Error);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private SignInService SignIn => database.Get<SignInService>();

    [Fact]
    public async Task A_directory_pupil_signs_in_with_the_directorys_password_and_not_another()
    {
        var right = await SignIn.SignInAsync("eloise.lefevre", "Soleil-2026", "10.0.0.7");
        var wrong = await SignIn.SignInAsync("eloise.lefevre", "Soleil-2025", "10.0.0.7");

        Assert.Equal(SignInStatus.Succeeded, right.Status);
        Assert.Equal("LEFÈVRE Éloïse", right.User!.FullName);
        Assert.Equal((SignInStatus.Failed, SignInResult.InvalidMessage), (wrong.Status, wrong.Message));
        await using var db = database.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.SignIn && a.TargetLogin == "eloise.lefevre" && a.IpAddress == "10.0.0.7"));
        Assert.Null((await database.FindUserAsync("eloise.lefevre")).Account.PasswordHash);
    }

    [Fact]
    public async Task Wrong_directory_passwords_lock_the_account_like_local_ones()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInStatus.Failed, (await SignIn.SignInAsync("zoe.bernard", "devine-" + i, null)).Status);
        }

        var fifth = await SignIn.SignInAsync("zoe.bernard", "devine-5", null);
        var right = await SignIn.SignInAsync("zoe.bernard", "Pomme-2026", null);

        Assert.Equal(SignInStatus.LockedOut, fifth.Status);
        Assert.Equal(SignInStatus.LockedOut, right.Status);
        Assert.StartsWith("Trop d'essais", right.Message);
    }

    [Fact]
    public async Task A_local_account_never_goes_to_the_directory()
    {
        var local = await SignIn.SignInAsync("lucas.martin", "local-lucas-2026", null);
        var directoryPassword = await SignIn.SignInAsync("lucas.martin", "Citron-2026", null);

        Assert.Equal(SignInStatus.Succeeded, local.Status);
        Assert.Equal(SignInStatus.Failed, directoryPassword.Status);
    }

    [Fact]
    public async Task When_the_directory_does_not_answer_its_users_get_a_wrong_passwords_answer_the_journal_says_why_and_local_accounts_sign_in()
    {
        var settings = directory.Server.Settings();
        settings["Mediatheque:Annuaire:Ldap:Url"] = "ldap://127.0.0.1:1";
        await using var down = await TestDatabase.CreateAsync(settings);
        await down.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-locale-2026");
        await down.AddUserAsync("LEFÈVRE", "Éloïse", login: "eloise.lefevre", source: UserSource.Annuaire);
        var signIn = down.Get<SignInService>();

        // Five tries each: the fifth locks, for a directory user as for an unknown login or a local account.
        var pupil = new List<(SignInStatus, string?)>();
        var unknown = new List<(SignInStatus, string?)>();
        var localWrong = new List<(SignInStatus, string?)>();
        for (var i = 0; i < 5; i++)
        {
            pupil.Add(Answer(await signIn.SignInAsync("eloise.lefevre", "Soleil-2026", null)));
            unknown.Add(Answer(await signIn.SignInAsync("personne.inconnue", "Soleil-2026", null)));
            localWrong.Add(Answer(await signIn.SignInAsync("admin", "pas-le-bon-" + i, null)));
        }

        Assert.Equal(unknown, pupil);
        Assert.Equal(unknown, localWrong);
        Assert.Equal((SignInStatus.Failed, SignInResult.InvalidMessage), pupil[0]);
        Assert.Equal(SignInStatus.LockedOut, pupil[^1].Item1);
        await using (var db = down.CreateDbContext())
        {
            Assert.Equal(5, await db.AuditEntries.CountAsync(a =>
                a.Action == AuditAction.SignInRefused && a.Details == "Annuaire fédérateur injoignable" && a.TargetLogin == "eloise.lefevre"));
        }

        await down.AddUserAsync("MOREAU", "Pascal", Profil.Administrateur, "direction", "direction-locale-2026");
        Assert.Equal(SignInStatus.Succeeded, (await signIn.SignInAsync("direction", "direction-locale-2026", null)).Status);
    }

    private static (SignInStatus, string?) Answer(SignInResult result) => (result.Status, result.Message);

    [Fact]
    public async Task Password_paths_refuse_a_synchronised_user_naming_the_directory_and_its_password_page()
    {
        var eloise = await database.FindUserAsync("eloise.lefevre");
        var passwords = database.Get<PasswordService>();

        var decision = await passwords.CanResetAsync(admin.Id, eloise.Id);
        var reset = await passwords.ResetAsync(new PasswordReset(admin.Id, eloise.Id, "Nouveau-2026", "Nouveau-2026", false));
        var own = await passwords.ChangeOwnAsync(eloise.Id, "Soleil-2026", "Nouveau-2026", "Nouveau-2026");
        var ownPage = await passwords.CanChangeOwnAsync(eloise.Id);
        var localOwnPage = await passwords.CanChangeOwnAsync(admin.Id);

        Assert.False(decision.Allowed);
        Assert.Contains("« ENT Test »", decision.Reason);
        Assert.Equal("https://ent.example.test/mot-de-passe", decision.Link);
        Assert.False(reset.Succeeded);
        Assert.False(own.Succeeded);
        Assert.Contains("« ENT Test »", own.Message);
        Assert.False(ownPage.Allowed);
        Assert.Equal("Le mot de passe de votre compte est géré par l'annuaire fédérateur « ENT Test ». Changez-le dans l'annuaire.", ownPage.Reason);
        Assert.Equal("https://ent.example.test/mot-de-passe", ownPage.Link);
        Assert.True(localOwnPage.Allowed);
        Assert.Null((await database.FindUserAsync("eloise.lefevre")).Account.PasswordHash);
    }

    [Fact]
    public void A_typed_login_cannot_widen_the_directory_search()
    {
        Assert.Equal(@"\2a\29\28uid=\2a\5c", AnnuaireConnection.EscapeFilterValue("*)(uid=*\\"));
    }
}
