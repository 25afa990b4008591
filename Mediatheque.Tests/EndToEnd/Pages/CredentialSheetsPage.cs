using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>« Fiches à imprimer »: the new passwords or cards of a bulk action, before printing.</summary>
public sealed class CredentialSheetsPage(IPage page)
{
    public ILocator Slips => page.GetByTestId("slip");

    public ILocator MemoryOnlyNotice => page.GetByTestId("memory-only");

    public ILocator Skipped => page.GetByTestId("skipped-users");

    public Task ChooseSlipsPerPageAsync(int perPage) =>
        page.GetByRole(AriaRole.Radio, new() { Name = $"{perPage} par page", Exact = true }).CheckAsync();

    /// <summary>
    /// « Imprimer »: the browser's print dialog is replaced by a no-op (headless Chromium has none), so the test
    /// renders the same print to PDF afterwards.
    /// </summary>
    public async Task PrintAsync(string button)
    {
        await page.EvaluateAsync("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }");
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => window.__printed > 0");
    }

    /// <summary>The slips as shown on screen: (login, password) for password slips.</summary>
    public async Task<IReadOnlyList<(string Login, string Password)>> CredentialsAsync()
    {
        var credentials = new List<(string, string)>();
        foreach (var slip in await Slips.AllAsync())
        {
            credentials.Add(((await slip.GetByTestId("slip-login").TextContentAsync())!.Trim(),
                (await slip.GetByTestId("slip-password").TextContentAsync())!.Trim()));
        }

        return credentials;
    }
}
