using System.Text.RegularExpressions;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Issue 27, « a class's bulk reset also resets its teacher », as the school hit it: the class « Mme PAQUAY » lists her
/// pupils and herself, « Tout sélectionner », « Réinitialiser les mots de passe ». Her name is in the confirmation,
/// her password still works afterwards, and no sheet is printed for her.
/// </summary>
public sealed partial class BulkResetOfAClassTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task An_administrator_resets_mme_paquays_class_and_mme_paquay_keeps_her_password_and_gets_no_sheet()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync("/utilisateurs?classe=Mme%20PAQUAY");
        await WaitForCircuitAsync();
        var users = new UsersPage(Page);
        // She is in her class's list, as the school saw it.
        await Expect(users.Rows.Filter(new() { HasTextRegex = TeacherLogin() })).ToHaveCountAsync(1);

        await Page.GetByRole(AriaRole.Button, new() { NameRegex = SelectAll() }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser les mots de passe", Exact = true }).ClickAsync();

        var dialog = Page.GetByRole(AriaRole.Dialog);
        var staff = dialog.GetByTestId("bulk-staff");
        await Expect(staff).ToContainTextAsync("PAQUAY Sophie (paquay)");
        await Expect(staff).ToContainTextAsync("il est laissé de côté");
        var include = dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Inclure aussi 1 membre du personnel" });
        await Expect(include).Not.ToBeCheckedAsync();
        var question = (await dialog.GetByTestId("bulk-question").TextContentAsync())!;
        var pupils = int.Parse(Count().Match(question).Value, System.Globalization.CultureInfo.InvariantCulture);
        await dialog.GetByRole(AriaRole.Button, new() { Name = $"Réinitialiser {pupils} mots de passe", Exact = true }).ClickAsync();

        var sheets = new CredentialSheetsPage(Page);
        await Expect(Page).ToHaveURLAsync(new Regex("/utilisateurs/fiches$"));
        await Expect(sheets.Slips).ToHaveCountAsync(pupils);
        Assert.DoesNotContain("paquay", (await sheets.CredentialsAsync()).Select(c => c.Login));
        // Named on the page as left out, never on paper.
        await Expect(sheets.Skipped).ToContainTextAsync("PAQUAY Sophie (paquay)");
        await sheets.PrintAsync("Imprimer les fiches");
        using (var pdf = await PrintedPdf.PrintAsync(Page))
        {
            var printed = await pdf.TextAsync();
            Assert.DoesNotContain("PAQUAY Sophie", printed);
            Assert.DoesNotMatch(TeacherLogin(), printed);
        }

        // Her next sign-in works with her own password.
        var hers = await Browser.NewContextAsync(new() { Locale = "fr-FR", BaseURL = App.BaseUrl });
        var page = await hers.NewPageAsync();
        await new LoginPage(page).GotoAsync();
        await new LoginPage(page).SignInAsync("paquay", "paquay-demo-2026");
        await Expect(new DashboardPage(page).Heading).ToBeVisibleAsync();
        await hers.CloseAsync();
    }

    [GeneratedRegex(@"^Tout sélectionner \(")]
    private static partial Regex SelectAll();

    // Her login, not her class's name (« Mme PAQUAY ») that her pupils' rows show.
    [GeneratedRegex(@"\bpaquay\b")]
    private static partial Regex TeacherLogin();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Count();
}
