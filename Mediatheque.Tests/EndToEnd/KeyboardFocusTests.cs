using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Issue 27, keyboard and focus (RGAA 7.1, 10.7, 12.8): an open dialog keeps the focus, closing it gives the focus back
/// to the control that opened it, and the title a screen reader is moved to after navigation draws no rectangle.
/// </summary>
public sealed class KeyboardFocusTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    private async Task<UserDetailPage> OpenBessonsResetDialogByKeyboardAsync()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(await App.IdOfAsync("bm"));
        await WaitForCircuitAsync();
        await Expect(detail.Heading).ToBeVisibleAsync();
        await Opener.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(detail.Dialog.GetByLabel("Nouveau mot de passe")).ToBeFocusedAsync();
        return detail;
    }

    private ILocator Opener => Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Réinitialiser le mot de passe" });

    /// <summary>From now on, every element that gets the focus, even for an instant, is written down in the page.</summary>
    private Task RecordFocusAsync() => Page.EvaluateAsync("""
        () => {
            window.__focused = [];
            document.addEventListener('focusin', event => {
                const e = event.target;
                window.__focused.push({
                    name: (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 60),
                    tag: e.tagName,
                    inDialog: !!e.closest('[role=dialog]'),
                    control: e.matches('a[href], button, input, select, textarea'),
                });
            });
        }
        """);

    private Task<FocusedElement[]> RecordedFocusAsync() => Page.EvaluateAsync<FocusedElement[]>("() => window.__focused");

    /// <summary>Tab and Shift+Tab, as fast as a keyboard user holding the key: no wait for the server between presses.</summary>
    private async Task<FocusedElement[]> TabAroundAsync(int presses)
    {
        await RecordFocusAsync();
        foreach (var key in Enumerable.Repeat("Tab", presses).Concat(Enumerable.Repeat("Shift+Tab", presses)))
        {
            await Page.Keyboard.PressAsync(key);
        }

        return await RecordedFocusAsync();
    }

    private static void AssertStayedOnTheDialogsControls(FocusedElement[] visited)
    {
        // Outside: the app bar, the search field behind the overlay. Not a control: an invisible stop, the focus lost.
        var strays = visited.Where(f => !f.InDialog || !f.Control).Select(f => $"{f.Tag} « {f.Name} »{(f.InDialog ? "" : " (hors de la fenêtre)")}").ToList();
        Assert.True(strays.Count == 0, "The focus went to: " + string.Join(", ", strays.Distinct()));
        // And it went round the dialog's controls, not stuck on one.
        Assert.True(visited.Select(f => f.Name).Distinct().Count() >= 2, string.Join(" → ", visited.Select(f => f.Name)));
    }

    [Fact]
    public async Task Tab_and_shift_tab_after_valider_never_leave_the_reset_dialog_opened_from_the_grid()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await users.SearchAsync("besson marion");
        await Expect(users.Rows).ToHaveCountAsync(1);
        await users.ResetButton("BESSON Marion").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Nouveau mot de passe")).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).FocusAsync();

        AssertStayedOnTheDialogsControls(await TabAroundAsync(10));
    }

    [Fact]
    public async Task Escape_gives_the_focus_back_to_the_button_that_opened_the_dialog()
    {
        var detail = await OpenBessonsResetDialogByKeyboardAsync();

        await Page.Keyboard.PressAsync("Escape");

        await Expect(detail.Dialog).ToHaveCountAsync(0);
        await Expect(Opener).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Annuler_gives_the_focus_back_to_the_button_that_opened_the_dialog()
    {
        var detail = await OpenBessonsResetDialogByKeyboardAsync();

        await detail.Dialog.GetByRole(AriaRole.Button, new() { Name = "Annuler" }).FocusAsync();
        await Page.Keyboard.PressAsync("Enter");

        await Expect(detail.Dialog).ToHaveCountAsync(0);
        await Expect(Opener).ToBeFocusedAsync();
    }

    [Fact]
    public async Task The_bulk_confirmation_keeps_the_focus_and_gives_it_back_to_its_button()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync("/utilisateurs?classe=Mme%20PAQUAY");
        await WaitForCircuitAsync();
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Tout sélectionner \\(") }).ClickAsync();
        var opener = Page.GetByRole(AriaRole.Button, new() { Name = "Imprimer les cartes de connexion", Exact = true });
        await opener.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Annuler" })).ToBeVisibleAsync();

        AssertStayedOnTheDialogsControls(await TabAroundAsync(6));
        await Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(opener).ToBeFocusedAsync();
    }

    /// <summary>The title has the focus (a screen reader reads it) and no outline is drawn around it.</summary>
    private static async Task AssertFocusedWithoutOutlineAsync(ILocator heading)
    {
        await Expect(heading).ToBeFocusedAsync();
        var outline = await heading.EvaluateAsync<string>("h => { const s = getComputedStyle(h); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.True(outline.StartsWith("none") || outline.EndsWith(" 0px"), $"The focused title draws an outline: {outline}");
    }

    [Theory]
    [InlineData("/journal", "Journal")]
    [InlineData("/import", "Importer la liste des élèves")]
    [InlineData("/", "Tableau de bord")]
    public async Task After_a_page_load_the_title_has_the_focus_for_screen_readers_without_a_drawn_rectangle(string path, string title)
    {
        await SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync(path);
        await WaitForCircuitAsync();
        var heading = Page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(heading).ToContainTextAsync(title);

        await AssertFocusedWithoutOutlineAsync(heading);
    }

    [Fact]
    public async Task After_following_a_link_by_keyboard_the_new_title_has_the_focus_without_a_drawn_rectangle()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();
        await new DashboardPage(Page).Tile("Journal").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");

        var heading = Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Journal" });
        await AssertFocusedWithoutOutlineAsync(heading);
    }

    /// <summary>Filled by Playwright from the page's answer (it needs a parameterless constructor).</summary>
    public sealed class FocusedElement
    {
        public string Name { get; set; } = string.Empty;

        public string Tag { get; set; } = string.Empty;

        public bool InDialog { get; set; }

        public bool Control { get; set; }
    }
}
