using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>French typography on the page as Chromium shows it: one rule for every text, passwords left as typed.</summary>
public sealed class TypographyTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    private const char Nbsp = '\u00A0';

    [Fact]
    public async Task Guillemets_and_colons_hold_to_their_words_and_apostrophes_are_curly()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync("/import");
        await WaitForCircuitAsync();

        var text = await Page.Locator("main").InnerTextAsync();

        Assert.Contains($"séparateur «{Nbsp};{Nbsp}»", text);
        Assert.Contains($"Taille maximale{Nbsp}: 5 Mo.", text);
        Assert.Contains("vérifiez l’aperçu", text);
        Assert.DoesNotContain("« ", text);
        Assert.DoesNotContain(" :", text);
        Assert.DoesNotContain("l'aperçu", text);
    }

    [Fact]
    public async Task Text_that_arrives_later_through_the_circuit_is_set_too()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();

        await users.SearchAsync("bm");

        // Rendered by the circuit after the page loaded: « Identifiant exact : seul l'utilisateur… » (BESSON Marion's login).
        var notice = Page.GetByTestId("exact-identifier");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync($"Identifiant exact{Nbsp}: seul");
    }

    [Fact]
    public async Task A_password_handed_over_keeps_its_straight_apostrophe_and_spaces()
    {
        const string password = "l'été : 2026 !";
        await SignInAsync("admin", "admin-demo-2026");
        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(await App.IdOfAsync("bm"));
        await WaitForCircuitAsync();

        await detail.OpenResetDialogAsync();
        await detail.Dialog.GetByLabel("Nouveau mot de passe").FillAsync(password);
        await detail.Dialog.GetByLabel("Confirmer le mot de passe").FillAsync(password);
        await detail.Dialog.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();

        await Expect(detail.HandedOverPassword).ToBeVisibleAsync();
        Assert.Equal(password, (await detail.HandedOverPassword.TextContentAsync())!.Trim());
        Assert.Equal(password, await Page.GetByTestId("slip-password").TextContentAsync());
    }
}
