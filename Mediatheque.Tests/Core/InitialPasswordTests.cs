using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>
/// ASVS 6.4.1: a password someone else set with « doit changer » (a reset, the import, a new account) is a first
/// password, valid for Mediatheque:Passwords:InitialPasswordDays; after that its owner asks for a new one.
/// </summary>
public abstract class InitialPasswordTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : InitialPasswordTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : InitialPasswordTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;
    private User admin = null!, marion = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        marion = await database.AddUserAsync("BESSON", "Marion", login: "bm", password: "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private SignInService SignIn => database.Get<SignInService>();

    private Task ResetAsync(bool mustChange) => database.Get<PasswordService>().ResetAsync(
        new PasswordReset(admin.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", mustChange));

    [Fact]
    public async Task A_reset_password_to_change_works_for_30_days_then_the_pupil_is_told_to_ask_for_a_new_one()
    {
        await ResetAsync(mustChange: true);

        database.Clock.Advance(TimeSpan.FromDays(29));
        var within = await SignIn.SignInAsync("bm", "tigre-vert-47", null);
        database.Clock.Advance(TimeSpan.FromDays(2));
        var after = await SignIn.SignInAsync("bm", "tigre-vert-47", "192.0.2.8");

        Assert.Equal(SignInStatus.Succeeded, within.Status);
        Assert.True(within.User!.MustChangePassword);
        Assert.Equal(SignInStatus.InitialPasswordExpired, after.Status);
        Assert.Null(after.User);
        Assert.Equal(
            "Votre mot de passe provisoire a expiré (il était valable 30 jours). Demandez-en un nouveau à votre enseignant ou à l'administrateur de la Médiathèque.",
            after.Message);
        await using var db = database.CreateDbContext();
        Assert.Single(await db.AuditEntries.Where(e => e.Action == AuditAction.SignInRefused && e.Details == "Mot de passe provisoire expiré").ToListAsync());
    }

    [Fact]
    public async Task A_wrong_password_after_expiry_gets_the_ordinary_answer_and_a_new_reset_restarts_the_days()
    {
        await ResetAsync(mustChange: true);
        database.Clock.Advance(TimeSpan.FromDays(40));

        var wrong = await SignIn.SignInAsync("bm", "pas-le-bon", null);
        await ResetAsync(mustChange: true);
        var fresh = await SignIn.SignInAsync("bm", "tigre-vert-47", null);

        Assert.Equal(SignInResult.InvalidMessage, wrong.Message);
        Assert.Equal(SignInStatus.Succeeded, fresh.Status);
    }

    [Fact]
    public async Task A_password_not_to_change_or_chosen_by_its_owner_does_not_expire()
    {
        await ResetAsync(mustChange: false);
        database.Clock.Advance(TimeSpan.FromDays(400));

        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync("bm", "tigre-vert-47", null)).Status);
    }

    [Fact]
    public async Task The_validity_is_configurable_and_covers_the_imports_generated_passwords()
    {
        await using var school = await TestDatabase.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Mediatheque:Passwords:InitialPasswordDays"] = "3",
            // Pupils keep their card's password unless the school asks otherwise; this school asks them to change it.
            ["Mediatheque:Passwords:MustChangeByDefault:Eleve"] = "true",
        });
        var director = await school.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        var file = ImportSamples.Own("NOUVEAU;Léo;nl;;;;;Mme PAQUAY;CE1;;");
        var import = school.Get<ImportService>();
        var choices = new ImportChoices { CreateMissingGroups = true };
        var outcome = await import.ApplyAsync(director.Id, file, choices, await import.PreviewAsync(director.Id, file, choices));
        var password = outcome.Credentials.Single().Password;

        school.Clock.Advance(TimeSpan.FromDays(2));
        var day2 = await school.Get<SignInService>().SignInAsync("nl", password, null);
        school.Clock.Advance(TimeSpan.FromDays(2));
        var day4 = await school.Get<SignInService>().SignInAsync("nl", password, null);

        Assert.Equal(SignInStatus.Succeeded, day2.Status);
        Assert.Equal(SignInStatus.InitialPasswordExpired, day4.Status);
        Assert.Contains("valable 3 jours", day4.Message);
    }
}
