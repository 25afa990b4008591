using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>The article's task with the keyboard alone: Tab, typing, Enter and Escape, never the mouse.</summary>
public sealed class KeyboardTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    /// <summary>Presses Tab until the element has the focus, as a keyboard user does; fails past <paramref name="most"/> stops.</summary>
    private async Task TabToAsync(ILocator target, int most = 40)
    {
        await target.WaitForAsync();
        for (var i = 0; i < most; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)"))
            {
                return;
            }

            await Page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"{target} not reached in {most} Tab stops");
    }

    private Task<bool> IsFocusedAsync(ILocator target) => target.EvaluateAsync<bool>("e => e === document.activeElement");

    [Fact]
    public async Task A_teacher_resets_a_pupils_password_with_the_keyboard_alone()
    {
        // 1-2. The portal, then sign in: the login field has the focus.
        await Page.GotoAsync("/connexion");
        await Page.Keyboard.TypeAsync("paquay");
        await Page.Keyboard.PressAsync("Tab");
        await Page.Keyboard.TypeAsync("paquay-demo-2026");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(new DashboardPage(Page).Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        // 3. « Utilisateurs »: the tile's link.
        await TabToAsync(new DashboardPage(Page).Tile("Utilisateurs"));
        await Page.Keyboard.PressAsync("Enter");
        var users = new UsersPage(Page);
        await Expect(users.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        // 4. Search, then Enter on the pupil's row.
        await TabToAsync(users.Search);
        await Page.Keyboard.TypeAsync("besson");
        await Expect(users.Rows).ToHaveCountAsync(1);
        await TabToAsync(users.Row("BESSON").GetByRole(AriaRole.Link, new() { Name = "BESSON" }), most: 30);
        await Page.Keyboard.PressAsync("Enter");
        var detail = new UserDetailPage(Page);
        await Expect(detail.Heading).ToHaveTextAsync("Détail de l’utilisateur BESSON Marion");
        await WaitForCircuitAsync();

        // 5. « Réinitialiser le mot de passe »: the dialog puts the focus in its first field; Enter is « Valider ».
        await TabToAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser le mot de passe" }));
        await Page.Keyboard.PressAsync("Enter");
        var field = detail.Dialog.GetByLabel("Nouveau mot de passe");
        await Expect(field).ToBeFocusedAsync();
        await Page.Keyboard.TypeAsync("girafe-bleue-38");
        await TabToAsync(detail.Dialog.GetByLabel("Confirmer le mot de passe"), most: 5);
        await Page.Keyboard.TypeAsync("girafe-bleue-38");
        await Page.Keyboard.PressAsync("Enter");

        // 6. The new password, once, the focus still in the dialog; Escape closes it.
        await Expect(detail.HandedOverPassword).ToHaveTextAsync("girafe-bleue-38");
        await Expect(detail.Dialog.GetByRole(AriaRole.Button, new() { Name = "Copier" })).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Escape");
        await Expect(detail.Dialog).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_grids_headers_put_the_select_all_box_and_one_named_stop_per_sortable_column_before_the_first_row()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await Expect(users.Rows.First).ToBeVisibleAsync();

        var stops = await Page.Locator("thead").EvaluateAsync<string[]>(
            "h => [...h.querySelectorAll('a[href], button, input, select, [tabindex]')].filter(e => e.tabIndex >= 0 && !e.disabled).map(e => e.getAttribute('aria-label') || e.textContent.trim())");

        // The page's select-all checkbox (the grid's selection for slips and bulk resets), then one stop per sortable
        // column, each named after its column for a screen reader.
        Assert.Equal(["Sélectionner les utilisateurs de cette page", "Trier par nom", "Trier par prénom", "Trier par identifiant",
            "Trier par id national", "Trier par id établissement"], stops);
    }

    [Fact]
    public async Task From_the_search_box_aller_a_la_liste_takes_the_keyboard_to_bessons_reset_button_in_a_few_tabs()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await Expect(users.Search).ToBeFocusedAsync();
        await Page.Keyboard.TypeAsync("besson");
        await Expect(users.Rows).ToHaveCountAsync(1);

        // Past « Filtres », the skip link, shown once it has the focus (17 Tabs to the reset button without it).
        var skip = Page.GetByRole(AriaRole.Link, new() { Name = "Aller à la liste" });
        await TabToAsync(skip, most: 3); // two Tabs: « Filtres », then the link
        await Expect(skip).ToBeVisibleAsync();
        await Page.Keyboard.PressAsync("Enter");

        // The row's box, ticked with Space; then its name and its button.
        await TabToAsync(users.Box("BESSON Marion"), most: 2);
        await Page.Keyboard.PressAsync("Space");
        await Expect(users.Box("BESSON Marion")).ToBeCheckedAsync();
        await Expect(users.SelectionCount).ToHaveTextAsync("1 utilisateur sélectionné");
        await TabToAsync(users.ResetButton("BESSON Marion"), most: 3);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
    }
}
