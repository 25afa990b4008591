using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Jobs;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// The app connected to a real directory (slapd), in Chromium: directory users sign in with the directory's
/// passwords, their passwords are reset in the directory, and « Synchroniser maintenant » follows the directory.
/// Each test works on users of its own, since the directory is shared by the class.
/// </summary>
public sealed class AnnuaireTests(BrowserFixture browser, AnnuaireAppServer app) : EndToEndTest(browser, app), IClassFixture<AnnuaireAppServer>
{
    private AnnuaireAppServer Server => (AnnuaireAppServer)App;

    [Fact]
    public async Task A_directory_pupil_signs_in_with_the_directorys_password_and_after_ldappasswd_only_with_the_new_one()
    {
        var login = new LoginPage(Page);
        await SignInAsync("eloise.lefevre", "Soleil-2026");
        await Expect(Page.GetByText("LEFÈVRE Éloïse")).ToBeVisibleAsync();

        // « Changer mon mot de passe » sends her to the directory before she types anything.
        await Page.GotoAsync("/compte/mot-de-passe");
        await Expect(Page.GetByTestId("own-password-elsewhere")).ToContainTextAsync("« ENT Test »");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Changer mon mot de passe dans l" }))
            .ToHaveAttributeAsync("href", "https://ent.example.test/mot-de-passe");
        await Expect(Page.GetByLabel("Nouveau mot de passe")).ToHaveCountAsync(0);
        await Page.GotoAsync("/");
        await SignOutAsync();

        await Server.Directory.ChangePasswordAsync("eloise.lefevre", "Lune-Rousse-2027");

        await SignInAsync("eloise.lefevre", "Soleil-2026");
        await Expect(login.Error).ToHaveTextAsync(FrenchText.Typeset(SignInResult.InvalidMessage));
        await SignInAsync("eloise.lefevre", "Lune-Rousse-2027");
        await Expect(Page.GetByText("LEFÈVRE Éloïse")).ToBeVisibleAsync();
        await Expect(login.Error).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_directory_teacher_opening_a_directory_pupils_reset_dialog_is_told_to_reset_it_in_the_directory()
    {
        // The teacher comes from the directory too, and signs in with its password.
        await SignInAsync("agathe.perrin", "Craie-Blanche-2026");
        await WaitForCircuitAsync();
        await new DashboardPage(Page).Tile("Utilisateurs").ClickAsync();
        var users = new UsersPage(Page);
        await Expect(users.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        await users.SearchAsync("lefevre");
        await Expect(users.Rows).ToHaveCountAsync(1);

        // The row's reset icon is disabled and says why; the detail page's dialog says it with the directory's link.
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Réinitialisation impossible pour LEFÈVRE Éloïse" })).ToBeDisabledAsync();
        await Expect(users.ResetButton("LEFÈVRE Éloïse")).ToHaveCountAsync(0);
        var dialog = new UserDetailPage(Page);
        await dialog.GotoAsync(await App.IdOfAsync("eloise.lefevre"));
        await Expect(dialog.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();
        await dialog.OpenResetDialogAsync();
        await Expect(dialog.DialogRefusal).ToHaveTextAsync(FrenchText.Typeset(
            "Le mot de passe de cet utilisateur est géré par l'annuaire fédérateur « ENT Test ». Réinitialisez-le dans l'annuaire."));
        await Expect(dialog.Dialog.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "https://ent.example.test/mot-de-passe");
        await Expect(dialog.Dialog.GetByLabel("Nouveau mot de passe")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_entry_deleted_from_the_directory_leaves_by_synchroniser_maintenant_and_can_no_longer_sign_in()
    {
        await SignInAsync("zoe.bernard", "Pomme-2026");
        await Expect(Page.GetByText("BERNARD Zoé")).ToBeVisibleAsync();
        await SignOutAsync();
        await Server.Directory.DeleteAsync("zoe.bernard");

        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();
        await new DashboardPage(Page).Tile("Annuaire").ClickAsync();
        var annuaire = new AnnuairePage(Page);
        await Expect(annuaire.Run).ToContainTextAsync("au démarrage");
        await WaitForCircuitAsync();
        await annuaire.TestConnectionAsync();
        await Expect(annuaire.TestResult).ToContainTextAsync("Connexion réussie");
        await annuaire.SynchroniseAsync();

        await Expect(annuaire.Run).ToContainTextAsync("par admin");
        await Expect(annuaire.RunStatus).ToContainTextAsync("Synchronisation réussie");
        await Expect(annuaire.Deactivated).ToHaveTextAsync("1");
        await Expect(annuaire.Issues).ToContainTextAsync("uid=gerard.moreau");
        // Parti (issue 21): still an account here for a while, but the directory no longer knows the password.
        Assert.Equal(AccountState.Parti, await StateAsync("zoe.bernard"));

        await SignOutAsync();
        var login = new LoginPage(Page);
        await SignInAsync("zoe.bernard", "Pomme-2026");
        await Expect(login.Error).ToBeVisibleAsync();
        await Expect(Page.GetByText("BERNARD Zoé")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Synchroniser_maintenant_while_another_node_synchronises_is_refused_in_french_and_changes_nothing()
    {
        // Refused runs record nothing, so the class's other tests still find the start-up run as the last one.
        await using var otherNode = await HoldTheLeaseAsync();
        var lastRun = (await App.Get<AnnuaireSync>().LastRunAsync(await App.IdOfAsync("admin"))).Run;
        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();
        var annuaire = new AnnuairePage(Page);
        await annuaire.GotoAsync();
        await Expect(annuaire.Running).ToContainTextAsync("Une synchronisation est en cours depuis");
        await WaitForCircuitAsync();

        await annuaire.SynchroniseAsync();

        var since = await App.Get<AnnuaireSync>().RunningSinceAsync();
        Assert.NotNull(since);
        await Expect(annuaire.Refusal).ToHaveTextAsync(FrenchText.Typeset(AnnuaireSync.AlreadyRunning(since.Value)));
        Assert.Matches(@"\(depuis \d\d:\d\d\)", await annuaire.Refusal.TextContentAsync());
        Assert.Equal(lastRun?.Id, (await App.Get<AnnuaireSync>().LastRunAsync(await App.IdOfAsync("admin"))).Run?.Id);
    }

    /// <summary>The lease another node would hold, once the start-up run of this app has let it go.</summary>
    private async Task<HeldJobLease> HoldTheLeaseAsync()
    {
        var leases = App.Get<JobLeases>();
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if ((await leases.TryAcquireAsync(AnnuaireSync.LeaseName, AnnuaireSync.LeaseDuration)).Lease is { } lease)
            {
                return lease;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException("The start-up synchronisation never released its lease.");
    }

    private async Task SignOutAsync()
    {
        await new DashboardPage(Page).SignOutAsync();
        await Page.WaitForURLAsync("**/connexion**");
    }

    private async Task<AccountState> StateAsync(string login)
    {
        await using var db = App.CreateDbContext();
        var user = await db.Users.Where(u => u.Login == login).Select(u => new { u.IsActive, u.LeftAt }).SingleAsync();
        return AccountLife.StateOf(user.IsActive, user.LeftAt);
    }
}
