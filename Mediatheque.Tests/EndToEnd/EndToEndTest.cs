using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>A fresh browser context (no cookies) and page per test, against the class's own server.</summary>
[Collection(BrowserCollection.Name)]
public abstract class EndToEndTest(BrowserFixture browser, AppServer app) : IAsyncLifetime
{
    protected AppServer App { get; } = app;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>For a second person at another computer: <c>Browser.NewContextAsync()</c>, no cookies shared.</summary>
    protected IBrowser Browser => browser.Browser;

    public async Task InitializeAsync()
    {
        Context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR", BaseURL = App.BaseUrl });
        Context.SetDefaultTimeout(15_000);
        Page = await Context.NewPageAsync();
    }

    public async Task DisposeAsync() => await Context.CloseAsync();

    /// <summary>Signs in through the real form and waits for the interactive page behind it.</summary>
    protected async Task SignInAsync(string login, string password)
    {
        var loginPage = new Pages.LoginPage(Page);
        await loginPage.GotoAsync();
        await loginPage.SignInAsync(login, password);
    }

    /// <summary>Blazor is interactive once the layout says so; typing before that would be lost.</summary>
    protected Task WaitForCircuitAsync() => Page.Locator("[data-circuit=ready]").WaitForAsync();
}
