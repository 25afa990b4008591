using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>« Changer mon mot de passe »: statically rendered, posted over HTTP.</summary>
public sealed class ChangePasswordPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Changer mon mot de passe" });

    public ILocator Errors => page.GetByRole(AriaRole.Alert);

    public async Task ChangeAsync(string current, string newPassword, string confirmation)
    {
        await page.GetByLabel("Mot de passe actuel").FillAsync(current);
        await page.GetByLabel("Nouveau mot de passe", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Confirmer le nouveau mot de passe").FillAsync(confirmation);
        await page.GetByRole(AriaRole.Button, new() { Name = "Changer mon mot de passe" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
