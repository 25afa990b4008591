using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>« Liste des utilisateurs ».</summary>
public sealed class UsersPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Liste des utilisateurs" });

    public ILocator Search => page.GetByLabel("Rechercher");

    /// <summary>The grid's body rows (the header row has column headers, not cells).</summary>
    public ILocator Rows => page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell) });

    public ILocator Row(string text) => Rows.Filter(new() { HasText = text });

    public ILocator Count => page.GetByTestId("user-count");

    public Task GotoAsync() => page.GotoAsync("/utilisateurs");

    public Task SearchAsync(string text) => Search.FillAsync(text);

    /// <summary>A row's « Réinitialiser le mot de passe » icon, named for screen readers after the user.</summary>
    public ILocator ResetButton(string fullName) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Réinitialiser le mot de passe de {fullName}" });

    /// <summary>« Filtres », or « Filtres (2) » with two filters in force: opens and closes the filters' panel.</summary>
    public ILocator FiltersButton => page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Filtres( \\(\\d+\\))?$") });

    /// <summary>The chips of the filters in force (« Classe : Mme PAQUAY »), shown while the panel is closed.</summary>
    public ILocator Chips => page.GetByRole(AriaRole.List, new() { Name = "Filtres actifs" }).GetByRole(AriaRole.Listitem);

    /// <summary>The row's selection box, named after the user (« Sélectionner BESSON Marion »).</summary>
    public ILocator Box(string fullName) => page.GetByRole(AriaRole.Checkbox, new() { Name = $"Sélectionner {fullName}", Exact = true });

    /// <summary>The header's box: the page's rows.</summary>
    public ILocator PageBox => page.GetByRole(AriaRole.Checkbox, new() { Name = "Sélectionner les utilisateurs de cette page" });

    /// <summary>Every row's selection box on the page.</summary>
    public ILocator RowBoxes => Rows.GetByRole(AriaRole.Checkbox);

    public ILocator SelectionCount => page.GetByTestId("selection-count");

    public async Task OpenFiltersAsync()
    {
        if (await FiltersButton.GetAttributeAsync("aria-expanded") != "true")
        {
            await FiltersButton.ClickAsync();
        }
    }

    /// <summary>
    /// Picks one of a filter's choices (« Classe », « Niveau »…) in the « Filtres » panel: a long list (classes, groups,
    /// options) is typed into, then its choice clicked; a short one (profile, level) opened and its choice clicked.
    /// </summary>
    public async Task FilterAsync(string filter, string choice)
    {
        await OpenFiltersAsync();
        var list = page.GetByRole(AriaRole.Combobox, new() { Name = filter, Exact = true });
        await list.ClickAsync();
        if (await list.GetAttributeAsync("aria-autocomplete") == "list")
        {
            await list.FillAsync(choice);
        }

        await page.GetByRole(AriaRole.Option, new() { Name = choice, Exact = true }).ClickAsync();
    }
}
