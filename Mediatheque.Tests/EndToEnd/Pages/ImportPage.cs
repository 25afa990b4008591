using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>« Importer la liste des élèves ».</summary>
public sealed class ImportPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Importer la liste des élèves" });

    public ILocator Summary => page.GetByTestId("import-summary");

    public Task GotoAsync() => page.GotoAsync("/import");

    /// <summary>Clicks « Choisir le fichier CSV » and answers the browser's file chooser, as a user does.</summary>
    public async Task UploadAsync(string path)
    {
        var chooser = await page.RunAndWaitForFileChooserAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Choisir le fichier CSV" }).ClickAsync());
        await chooser.SetFilesAsync(path);
    }

    public ILocator Count(string kind) => page.GetByTestId($"count-{kind}");

    public Task ApplyAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Appliquer l’import" }).ClickAsync();

    public Task ShowSlipsAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Voir les fiches de connexion" }).ClickAsync();

    public ILocator PrintButton => page.GetByRole(AriaRole.Button, new() { Name = "Imprimer les fiches" });

    public ILocator Slip(string login) => page.Locator($"[data-testid=slip][data-login='{login}']");

    public ILocator SlipPassword(string login) => Slip(login).GetByTestId("slip-password");
}
