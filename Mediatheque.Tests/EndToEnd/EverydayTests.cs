using System.Text.RegularExpressions;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>The small things a school notices on its first day: icon, tiles, its own name, « Générer », sign-out.</summary>
public sealed class EverydayTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task The_tab_shows_the_sites_icon()
    {
        await new LoginPage(Page).GotoAsync();

        var href = await Page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var icon = await Page.APIRequest.GetAsync(href!);

        Assert.Equal(200, icon.Status);
        Assert.StartsWith("image/svg+xml", icon.Headers["content-type"]);
        Assert.Contains("<svg", await icon.TextAsync());
    }

    [Fact]
    public async Task The_schools_name_is_on_the_sign_in_page_and_in_the_app_bar()
    {
        await new LoginPage(Page).GotoAsync();
        await Expect(Page.GetByTestId("school-name")).ToHaveTextAsync("École élémentaire Jules-Ferry");

        await SignInAsync("admin", "admin-demo-2026");
        await Expect(Page.GetByRole(AriaRole.Banner).GetByTestId("school-name")).ToHaveTextAsync("École élémentaire Jules-Ferry");
    }

    [Fact]
    public async Task A_click_anywhere_on_a_dashboard_tile_opens_its_page()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();

        // A click on the description, not the title: the whole tile is the link (the mouse goes where a user's would).
        var description = await Page.GetByText("Qui a fait quoi, à qui et quand").BoundingBoxAsync();
        await Page.Mouse.ClickAsync(description!.X + description.Width / 2, description.Y + description.Height / 2);

        await Expect(Page).ToHaveURLAsync(new Regex("/journal$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Journal", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_out_says_so_on_the_sign_in_page()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();

        await new DashboardPage(Page).SignOutAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/connexion"));
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Vous êtes déconnecté. À bientôt\u00A0!");
    }

    [Fact]
    public async Task Generer_on_a_new_user_fills_both_fields_with_one_password_shown_to_note()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync("/utilisateurs/nouveau");
        await WaitForCircuitAsync();
        var password = Page.GetByLabel("Mot de passe *", new() { Exact = true });
        var confirmation = Page.GetByLabel("Confirmer le mot de passe *", new() { Exact = true });

        await Page.GetByRole(AriaRole.Button, new() { Name = "Générer" }).ClickAsync();

        await Expect(password).ToHaveAttributeAsync("type", "text");
        var generated = await password.InputValueAsync();
        Assert.True(generated.Length >= 8, generated);
        await Expect(confirmation).ToHaveValueAsync(generated);
    }
}
