using System.Text;
using Mediatheque.Core.Import;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>Nothing typed or handed over is lost by a click elsewhere: the page asks first.</summary>
public sealed class NotLosingWorkTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    private ILocator LeaveQuestion => Page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Quitter la page" });

    private async Task<UserDetailPage> OpenMarionFromTheClassAsync()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync("/utilisateurs?classe=Mme%20PAQUAY&profil=Eleve");
        await WaitForCircuitAsync();
        await new UsersPage(Page).Row("BESSON").ClickAsync();
        var detail = new UserDetailPage(Page);
        await Expect(detail.Heading).ToHaveTextAsync("Détail de l’utilisateur BESSON Marion");
        await WaitForCircuitAsync();
        return detail;
    }

    [Fact]
    public async Task Suivant_with_unsaved_changes_asks_and_staying_keeps_what_was_typed()
    {
        var detail = await OpenMarionFromTheClassAsync();
        var email = Page.GetByLabel("Email", new() { Exact = true });
        await email.ClickAsync();
        await email.FillAsync("marion.besson@example.fr");

        await Page.GetByRole(AriaRole.Link, new() { Name = "suivant" }).ClickAsync();
        await Expect(LeaveQuestion).ToContainTextAsync("ne sont pas enregistrées");
        await LeaveQuestion.GetByRole(AriaRole.Button, new() { Name = "Rester sur la page" }).ClickAsync();

        await Expect(detail.Heading).ToHaveTextAsync("Détail de l’utilisateur BESSON Marion");
        await Expect(email).ToHaveValueAsync("marion.besson@example.fr");

        await Page.GetByRole(AriaRole.Link, new() { Name = "suivant" }).ClickAsync();
        await LeaveQuestion.GetByRole(AriaRole.Button, new() { Name = "Quitter sans enregistrer" }).ClickAsync();
        await Expect(detail.Heading).Not.ToHaveTextAsync("Détail de l’utilisateur BESSON Marion");
    }

    [Fact]
    public async Task Closing_the_tab_with_unsaved_changes_gets_the_browsers_question()
    {
        await OpenMarionFromTheClassAsync();
        var email = Page.GetByLabel("Email", new() { Exact = true });
        await email.ClickAsync();
        await email.PressSequentiallyAsync("x");
        // Once the page knows of the change (its own question shows it), the browser's is armed too.
        await Page.GetByRole(AriaRole.Link, new() { Name = "suivant" }).ClickAsync();
        await LeaveQuestion.GetByRole(AriaRole.Button, new() { Name = "Rester sur la page" }).ClickAsync();
        var asked = new TaskCompletionSource<string>();
        Page.Dialog += (_, dialog) =>
        {
            asked.TrySetResult(dialog.Type);
            _ = dialog.AcceptAsync();
        };

        await Page.CloseAsync(new() { RunBeforeUnload = true });

        Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task After_valider_the_confirmation_leaves_precedent_suivant_clear_and_retour_keeps_the_filters()
    {
        var detail = await OpenMarionFromTheClassAsync();
        await Page.GetByLabel("Email", new() { Exact = true }).FillAsync("m.besson@example.fr");

        await detail.ValiderAsync();

        var done = Page.GetByTestId("save-done");
        await Expect(done).ToContainTextAsync("Modifications enregistrées.");
        var next = await Page.GetByRole(AriaRole.Link, new() { Name = "suivant" }).BoundingBoxAsync();
        var confirmation = await done.BoundingBoxAsync();
        Assert.True(confirmation!.Y >= next!.Y + next.Height || confirmation.Y + confirmation.Height <= next.Y, "the confirmation covers « suivant »");

        await done.GetByRole(AriaRole.Link, new() { Name = "Retour à la liste" }).ClickAsync();
        var users = new UsersPage(Page);
        await Expect(users.Count).ToHaveTextAsync("24 utilisateurs");
        Assert.Contains("classe=Mme", Uri.UnescapeDataString(Page.Url).Replace('+', ' '));
    }

    [Fact]
    public async Task The_imports_rejected_rows_stay_after_applying_and_leaving_before_handing_over_the_passwords_asks()
    {
        var file = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, ImportTemplate.Header + "\nNOUVEAU;Noé;;;;;;M. DURAND;CM1;;\nREFUS;Zoé;;;;;pas-une-adresse;M. DURAND;CM1;;\n", Encoding.UTF8);
        await SignInAsync("admin", "admin-demo-2026");
        var import = new ImportPage(Page);
        await import.GotoAsync();
        await WaitForCircuitAsync();
        await import.UploadAsync(file);
        await Expect(import.Count("create")).ToHaveTextAsync("1");

        await import.ApplyAsync();

        await Expect(import.Summary).ToContainTextAsync("1 élève créé");
        await Expect(Page.GetByTestId("errors")).ToContainTextAsync("pas-une-adresse");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Médiathèque", Exact = true }).ClickAsync();
        await Expect(LeaveQuestion).ToContainTextAsync("ni imprimés ni téléchargés");
        await LeaveQuestion.GetByRole(AriaRole.Button, new() { Name = "Rester sur la page" }).ClickAsync();
        await Expect(import.Summary).ToBeVisibleAsync();

        await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Link, new() { Name = "Télécharger les identifiants (CSV)" }).ClickAsync());
        await Page.GetByRole(AriaRole.Link, new() { Name = "Médiathèque", Exact = true }).ClickAsync();
        await Expect(new DashboardPage(Page).Heading).ToBeVisibleAsync();
        File.Delete(file);
    }
}
