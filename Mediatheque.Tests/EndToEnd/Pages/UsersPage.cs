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

    /// <summary>Picks one of a filter's choices (« Classe », « Niveau »…) in its list.</summary>
    public Task FilterAsync(string filter, string choice) =>
        page.GetByRole(AriaRole.Combobox, new() { Name = filter, Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = choice });
}
