using Mediatheque.Core.Passwords;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>« Journal »: found by the start of a name, dates typed, a reversed period said, the filtered lines exported.</summary>
public sealed class JournalPageTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    private ILocator Rows => Page.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Cell) });

    private async Task OpenWithAResetOfMarionAsync()
    {
        var admin = await App.IdOfAsync("admin");
        await App.Get<PasswordService>().ResetAsync(new PasswordReset(admin, await App.IdOfAsync("bm"), "tigre-vert-47", "tigre-vert-47", true));
        await SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync("/journal");
        await WaitForCircuitAsync();
    }

    [Fact]
    public async Task Utilisateur_concerne_finds_marion_by_the_start_of_her_name_and_the_export_holds_the_same_lines()
    {
        await OpenWithAResetOfMarionAsync();

        await Page.GetByLabel("Utilisateur concerné").FillAsync("BESS");

        await Expect(Rows.Filter(new() { HasNotText = "bm" })).ToHaveCountAsync(0);
        await Expect(Rows.Filter(new() { HasText = "Mot de passe réinitialisé" }).First).ToBeVisibleAsync();
        var shown = await Rows.CountAsync();
        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Link, new() { Name = "Exporter ces entrées (CSV)" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        var lines = csv.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(shown + 1, lines.Length);
        Assert.All(lines[1..], line => Assert.Contains(";bm;", line));
        Assert.Contains(lines, line => line.Contains(";Mot de passe réinitialisé;admin;bm;"));
    }

    [Fact]
    public async Task Dates_are_typed_and_a_start_after_the_end_is_said()
    {
        await OpenWithAResetOfMarionAsync();
        var today = DateTime.Today;

        await Page.GetByLabel("Du").FillAsync("31/02/2026");
        await Page.Keyboard.PressAsync("Tab");
        await Expect(Page.GetByText("Date impossible")).ToBeVisibleAsync();

        await Page.GetByLabel("Du").FillAsync(today.AddDays(2).ToString("dd/MM/yyyy"));
        await Page.Keyboard.PressAsync("Tab");
        await Page.GetByLabel("Au").FillAsync(today.ToString("dd/MM/yyyy"));
        await Page.Keyboard.PressAsync("Tab");

        await Expect(Page.GetByText("est après la date de fin")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Aucune entrée ne correspond à ces filtres.")).ToBeVisibleAsync();
    }
}
