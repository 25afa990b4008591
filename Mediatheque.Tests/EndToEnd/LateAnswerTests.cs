using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>A server that gives up on a call into the page after 2 s instead of a minute, so a test can answer too late.</summary>
public sealed class ShortCallTimeoutAppServer : AppServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.Configure<CircuitOptions>(options => options.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(2)));
    }
}

/// <summary>
/// Issue 15: on a loaded node or a flaky network, the page answers the server late or never (a dropped connection
/// loses the answer). The list must go on; a crashed circuit would leave a dead page.
/// </summary>
public sealed class LateAnswerTests(BrowserFixture browser, ShortCallTimeoutAppServer app)
    : EndToEndTest(browser, app), IClassFixture<ShortCallTimeoutAppServer>
{
    [Fact]
    public async Task The_list_goes_on_when_the_page_puts_the_search_in_the_address_too_late()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        var wholeClass = await users.Count.TextContentAsync();
        // Writing the address now takes the page 4 s, past the server's 2 s: the server's call into it times out,
        // as one does when the connection drops before the answer arrives.
        await Page.EvaluateAsync("""
            () => {
              const replace = history.replaceState.bind(history);
              history.replaceState = (...args) => { const until = Date.now() + 4000; while (Date.now() < until) {} replace(...args); };
            }
            """);

        await users.SearchAsync("besson");
        await Expect(users.Count).ToHaveTextAsync("1 utilisateur");
        await Page.WaitForTimeoutAsync(3_000); // past the server's timeout, whatever the order of events

        // The list still answers: its circuit was not ended.
        await users.SearchAsync(string.Empty);
        await Expect(users.Count).ToHaveTextAsync(wholeClass!);
        await Expect(Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await users.Row("BESSON").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Détail de l’utilisateur BESSON Marion" })).ToBeVisibleAsync();
    }
}
