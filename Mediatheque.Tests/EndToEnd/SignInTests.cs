using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

public sealed class SignInTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Theory]
    [InlineData("admin", "admin-demo-2026", "LEBRUN Claire", true)]
    [InlineData("secondaire", "secondaire-demo-2026", "MOREAU Pascal", true)]
    [InlineData("paquay", "paquay-demo-2026", "PAQUAY Sophie", true)]
    [InlineData("durand", "durand-demo-2026", "DURAND Julien", true)]
    public async Task Each_staff_demo_account_lands_on_a_dashboard_with_the_users_tile(
        string login, string password, string fullName, bool seesUsers)
    {
        await SignInAsync(login, password);
        var dashboard = new DashboardPage(Page);

        await Expect(dashboard.Heading).ToBeVisibleAsync();
        await Expect(Page.GetByText(fullName)).ToBeVisibleAsync();
        Assert.Equal(seesUsers, await dashboard.Tile("Utilisateurs").IsVisibleAsync());
    }

    [Fact]
    public async Task A_pupil_sees_no_users_tile_and_is_told_who_manages_accounts()
    {
        await SignInAsync("bm", "marion2026");
        var dashboard = new DashboardPage(Page);

        await Expect(dashboard.Heading).ToBeVisibleAsync();
        await Expect(Page.GetByText("BESSON Marion")).ToBeVisibleAsync();
        await Expect(Page.GetByText("La gestion des utilisateurs est assurée par l’administrateur de la Médiathèque.", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(dashboard.Tile("Utilisateurs")).ToHaveCountAsync(0);
        await Expect(dashboard.Tile("Changer mon mot de passe")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_the_french_message_and_not_the_password()
    {
        var login = new LoginPage(Page);
        await login.GotoAsync();
        await login.SignInAsync("paquay", "pas-le-bon-mot");

        await Expect(login.Error).ToHaveTextAsync("Identifiant ou mot de passe incorrect.");
        Assert.DoesNotContain("pas-le-bon-mot", await Page.ContentAsync());
        Assert.EndsWith("/connexion", new Uri(Page.Url).AbsolutePath);
    }

    [Fact]
    public async Task The_sixth_attempt_is_locked_out()
    {
        var login = new LoginPage(Page);
        await login.GotoAsync();
        for (var i = 1; i <= 4; i++)
        {
            await login.SignInAsync("durand", "essai-" + i);
            await Expect(login.Error).ToHaveTextAsync("Identifiant ou mot de passe incorrect.");
        }

        await login.SignInAsync("durand", "essai-5");
        await Expect(login.Error).ToContainTextAsync("verrouillé");
        await login.SignInAsync("durand", "durand-demo-2026");

        await Expect(login.Error).ToContainTextAsync("Trop d’essais : ce compte est verrouillé pendant 15 minutes");
    }

    [Fact]
    public async Task A_forced_change_leads_to_the_change_page_then_to_the_dashboard()
    {
        await using (var db = App.CreateDbContext())
        {
            await db.Accounts.Where(a => a.Login == "secondaire").ExecuteUpdateAsync(s => s.SetProperty(a => a.MustChangePassword, true));
        }

        await SignInAsync("secondaire", "secondaire-demo-2026");
        var change = new ChangePasswordPage(Page);
        await Expect(change.Heading).ToBeVisibleAsync();
        await Expect(Page.GetByText("Vous devez choisir un nouveau mot de passe avant de continuer.")).ToBeVisibleAsync();

        // Nothing else is reachable until the password is changed.
        await Page.GotoAsync("/");
        await Expect(change.Heading).ToBeVisibleAsync();

        await change.ChangeAsync("secondaire-demo-2026", "court", "court");
        await Expect(change.Errors).ToContainTextAsync("au moins 12 caractères");

        await change.ChangeAsync("secondaire-demo-2026", "une nouvelle phrase 2026", "une nouvelle phrase 2026");
        await Expect(new DashboardPage(Page).Heading).ToBeVisibleAsync();
        await Expect(Page.GetByText("Votre mot de passe a été changé.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_change_password_tile_opens_the_statically_rendered_form()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        await WaitForCircuitAsync();

        await new DashboardPage(Page).Tile("Changer mon mot de passe").ClickAsync();

        await Expect(new ChangePasswordPage(Page).Heading).ToBeVisibleAsync();
        await Expect(Page.GetByText("Au moins 12 caractères")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session_at_once()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();

        await new DashboardPage(Page).SignOutAsync();
        await Page.WaitForURLAsync("**/connexion?deconnecte=1");
        await Page.GotoAsync("/");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_unknown_page_is_answered_in_french()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync("/nulle-part");

        await Expect(Page.GetByText("Page introuvable")).ToBeVisibleAsync();
    }
}
