using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>« Détail de l'utilisateur » and its « Réinitialiser le mot de passe » dialog.</summary>
public sealed class UserDetailPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Détail de l’utilisateur", Exact = false });

    public ILocator Refusal => page.GetByTestId("detail-refused");

    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator DialogRefusal => page.GetByTestId("reset-refused");

    public ILocator HandedOverPassword => page.GetByTestId("new-password");

    public Task GotoAsync(int userId) => page.GotoAsync($"/utilisateurs/{userId}");

    public async Task SetPasswordInFormAsync(string password)
    {
        await page.GetByLabel("Mot de passe *", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirmer le mot de passe *", new() { Exact = true }).FillAsync(password);
    }

    public Task ValiderAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();

    public Task OpenResetDialogAsync() =>
        page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser le mot de passe" }).ClickAsync();

    /// <summary>« Générer » then « Valider » in the dialog; returns the password handed over once.</summary>
    public async Task<string> GenerateAndResetAsync()
    {
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Générer" }).ClickAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
        await HandedOverPassword.WaitForAsync();
        return (await HandedOverPassword.TextContentAsync())!.Trim();
    }
}
