using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>« Tableau de bord ».</summary>
public sealed class DashboardPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord" });

    public ILocator Tile(string title) => page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true });

    public ILocator Numbers(string testId) => page.GetByTestId(testId);

    public Task SignOutAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
}
