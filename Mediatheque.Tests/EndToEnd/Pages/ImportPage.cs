using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>« Importer la liste des élèves ».</summary>
public sealed class ImportPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Importer la liste des élèves" });

    public ILocator Summary => page.GetByTestId("import-summary");

    public Task GotoAsync() => page.GotoAsync("/import");

    /// <summary>Clicks « Choisir le fichier » and answers the browser's file chooser, as a user does.</summary>
    public async Task UploadAsync(string path) => await (await ChooseAsync()).SetFilesAsync(path);

    /// <summary>The same with a file made by the test (a synthetic SIECLE export), never written to disk.</summary>
    public async Task UploadAsync(string name, string mimeType, byte[] content) =>
        await (await ChooseAsync()).SetFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = content });

    /// <summary>« Créer les classes, niveaux… », « Créer les comptes de direction »: a box of « 2. Les options ».</summary>
    public ILocator Option(string label) => page.GetByRole(AriaRole.Checkbox, new() { Name = label });

    /// <summary>« Créer ces N classes et groupes »: the new classes the preview lists, confirmed once.</summary>
    public ILocator ConfirmNewGroups => page.GetByTestId("new-groups").GetByRole(AriaRole.Checkbox);

    /// <summary>The rows of « personnes laissées de côté ».</summary>
    public ILocator Skipped => page.GetByTestId("skipped").Locator("tbody tr");

    private Task<IFileChooser> ChooseAsync() => page.RunAndWaitForFileChooserAsync(
        () => page.GetByRole(AriaRole.Button, new() { Name = "Choisir le fichier" }).ClickAsync());

    public ILocator Count(string kind) => page.GetByTestId($"count-{kind}");

    public Task ApplyAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Appliquer l’import" }).ClickAsync();

    public Task ShowSlipsAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Voir les fiches de connexion" }).ClickAsync();

    public ILocator PrintButton => page.GetByRole(AriaRole.Button, new() { Name = "Imprimer les fiches" });

    public ILocator Slip(string login) => page.Locator($"[data-testid=slip][data-login='{login}']");

    public ILocator SlipPassword(string login) => Slip(login).GetByTestId("slip-password");
}
