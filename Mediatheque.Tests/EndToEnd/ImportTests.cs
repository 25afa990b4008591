using System.Text.RegularExpressions;
using Mediatheque.Tests.Core.Import;
using Mediatheque.Tests.Core.Import.Siecle;
using Mediatheque.Tests.EndToEnd.Pages;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

public sealed class ImportTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task The_administrator_imports_an_onde_export_prints_the_slips_and_a_new_pupil_signs_in_with_the_printed_password()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();
        await new DashboardPage(Page).Tile("Importer").ClickAsync();
        var import = new ImportPage(Page);
        await Expect(import.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        await import.UploadAsync(ImportSamples.PathOf("onde-nouveaux-eleves.csv"));
        await Expect(import.Count("create")).ToHaveTextAsync("2");
        await Expect(import.Count("errors")).ToHaveTextAsync("0");
        await import.ApplyAsync();
        await Expect(import.Summary).ToContainTextAsync("2 élèves créés");
        await import.ShowSlipsAsync();
        await Expect(import.PrintButton).ToBeVisibleAsync();
        await Expect(import.Slip("za")).ToContainTextAsync("ZÉPHYRIN Anaëlle");
        await Expect(import.Slip("za")).ToContainTextAsync("Mme PAQUAY");
        var password = (await import.SlipPassword("za").TextContentAsync())!.Trim();

        // Printed, only the slips reach paper: not the page's own « Imprimer les fiches » button (issue 14).
        using (var pdf = await PrintedPdf.PrintAsync(Page))
        {
            var printed = await pdf.TextAsync();
            Assert.Contains("ZÉPHYRIN Anaëlle", printed);
            Assert.Contains(password, printed);
            Assert.DoesNotContain("Imprimer les fiches", printed);
            Assert.DoesNotContain("Se déconnecter", printed);
        }

        // The pupil, on another computer: the printed password works, and a pupil keeps it (MustChangeByDefault:Eleve is false).
        var pupil = await Context.Browser!.NewContextAsync(new() { Locale = "fr-FR", BaseURL = App.BaseUrl });
        var pupilPage = await pupil.NewPageAsync();
        var login = new LoginPage(pupilPage);
        await login.GotoAsync();
        await login.SignInAsync("za", password);
        await Expect(new DashboardPage(pupilPage).Heading).ToBeVisibleAsync();
        Assert.DoesNotContain("/compte/mot-de-passe", pupilPage.Url);
        await pupil.CloseAsync();
    }

    [Fact]
    public async Task A_broken_file_is_explained_in_french_on_the_page()
    {
        await SignInAsync("secondaire", "secondaire-demo-2026");
        var import = new ImportPage(Page);
        await import.GotoAsync();
        await WaitForCircuitAsync();

        await import.UploadAsync(ImportSamples.PathOf("separateur-tabulation.csv"));

        await Expect(Page.GetByTestId("errors")).ToContainTextAsync("les colonnes doivent être séparées par « ; » ou « , »");
    }

    [Fact]
    public async Task The_colleges_administrator_imports_a_siecle_zip_and_finds_a_new_pupil_in_her_division_in_the_users_list()
    {
        var xml = SiecleSamples.Eleves(
            [
                new("88001", "9876543210Z", "ZÉPHYRIN", "Anaëlle", "03/09/2013", Structures: ["3C:D"]),
                new("88002", "9876543211Y", "OUBLIÉ", "Hugo", "21/06/2013", LeftOn: "12/03/2026", Structures: ["3C:D"]),
            ],
            uai: "0999002B", encoding: "ISO-8859-15");
        var zip = SiecleSamples.Zip(("ElevesSansAdresses.xml", SiecleSamples.Bytes(xml, "ISO-8859-15")));
        await SignInAsync("moulin", "moulin-demo-2026");
        await WaitForCircuitAsync();
        await new DashboardPage(Page).Tile("Importer").ClickAsync();
        var import = new ImportPage(Page);
        await Expect(import.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        await import.UploadAsync("ElevesSansAdresses.zip", "application/zip", zip);

        await Expect(import.Count("create")).ToHaveTextAsync("1");
        await Expect(Page.GetByTestId("new-groups")).ToContainTextAsync("Classe « 3C » (1 élève)");
        await import.ConfirmNewGroups.CheckAsync();
        await Expect(Page.GetByTestId("school-year")).ToHaveTextAsync("Année scolaire 2025-2026");
        await Expect(import.Skipped).ToHaveCountAsync(1);
        await Expect(import.Skipped.First).ToContainTextAsync("OUBLIÉ Hugo");
        await Expect(import.Skipped.First).ToContainTextAsync("sorti le 12/03");
        await import.ApplyAsync();
        await Expect(import.Summary).ToContainTextAsync("1 élève créé");

        await Page.GotoAsync("/utilisateurs?classe=3C");
        var users = new UsersPage(Page);
        await Expect(users.Heading).ToBeVisibleAsync();
        await Expect(users.Rows).ToHaveCountAsync(1);
        await Expect(users.Row("ZÉPHYRIN")).ToContainTextAsync("Anaëlle");
        await Expect(users.Row("ZÉPHYRIN")).ToContainTextAsync("3C");
    }
}
