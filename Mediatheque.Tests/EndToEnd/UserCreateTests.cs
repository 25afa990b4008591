using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

public sealed class UserCreateTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task An_administrator_creates_a_new_teacher_who_then_signs_in()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await new UsersPage(Page).GotoAsync();
        await WaitForCircuitAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Nouvel utilisateur" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Nouvel utilisateur" })).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        await Page.GetByLabel("Nom *", new() { Exact = true }).FillAsync("FONTAINE");
        await Page.GetByLabel("Prénom *", new() { Exact = true }).FillAsync("Élise");
        await Page.GetByText("ÉLÈVE", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "ENSEIGNANT", Exact = true }).ClickAsync();
        await Page.GetByLabel("Identifiant de connexion *", new() { Exact = true }).FillAsync("fontaine");
        await Page.GetByLabel("Mot de passe *", new() { Exact = true }).FillAsync("court");
        await Page.GetByLabel("Confirmer le mot de passe *", new() { Exact = true }).FillAsync("court");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("save-error")).ToContainTextAsync("Rien n’a été enregistré");
        await Expect(Page.GetByText("Le mot de passe doit contenir au moins 12 caractères.")).ToBeVisibleAsync();

        await Page.GetByLabel("Mot de passe *", new() { Exact = true }).FillAsync("bienvenue à l'école 2026");
        await Page.GetByLabel("Confirmer le mot de passe *", new() { Exact = true }).FillAsync("bienvenue à l'école 2026");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
        await Expect(new UserDetailPage(Page).Heading).ToHaveTextAsync("Détail de l’utilisateur FONTAINE Élise");

        await Context.ClearCookiesAsync();
        await SignInAsync("fontaine", "bienvenue à l'école 2026");
        await Expect(new ChangePasswordPage(Page).Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_teacher_is_not_offered_to_create_users_and_cannot_open_the_page()
    {
        await SignInAsync("durand", "durand-demo-2026");
        await new UsersPage(Page).GotoAsync();
        await WaitForCircuitAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Nouvel utilisateur" })).ToHaveCountAsync(0);

        await Page.GotoAsync("/utilisateurs/nouveau");

        await Expect(Page.GetByText("Vous n’avez pas accès à cette page.", new() { Exact = false })).ToBeVisibleAsync();
    }
}
