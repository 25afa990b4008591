using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>« Connexion »: the statically rendered sign-in form.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public Task GotoAsync() => page.GotoAsync("/connexion");

    public async Task SignInAsync(string login, string password)
    {
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
