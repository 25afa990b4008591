using Mediatheque.Core.Demo;
using Microsoft.Playwright;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// Real Chromium tabs through Playwright, in one browser context signed in once: every tab shares its session
/// cookie, as a user's tabs do. Faithful to the last pixel, but on a 2-core machine Chromium takes most of the cores
/// the server needs (82–85 % with 50 tabs typing), so the latency it measures is mostly Chromium's.
/// </summary>
public sealed class ChromiumClient : ICapacityClient
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly IBrowserContext context;

    private ChromiumClient(IPlaywright playwright, IBrowser browser, IBrowserContext context) =>
        (this.playwright, this.browser, this.context) = (playwright, browser, context);

    public string Name => "chromium";

    public static async Task<ChromiumClient> SignInAsync(string baseUrl, string login, TabLog log)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // Tabs in the background must keep their timers and sockets as lively as the one in front.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            ],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "fr-FR",
            BaseURL = baseUrl,
            IgnoreHTTPSErrors = true, // the app's throwaway certificate (PublishedApp)
        });
        log.Watch(context);
        context.SetDefaultTimeout(120_000);
        await context.AddInitScriptAsync(GridTab.Probe);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(DemoSchool.Accounts.Single(a => a.Login == login).Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await new GridTab(page).CloseAsync();
        return new ChromiumClient(playwright, browser, context);
    }

    public async Task<ICircuitTab> OpenAsync() => await GridTab.OpenAsync(context);

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
