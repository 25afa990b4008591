using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>A server whose idle time is a few seconds, so a test can sit through it.</summary>
public sealed class ShortIdleAppServer : AppServer
{
    protected override IDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["Mediatheque:SignIn:IdleTimeoutMinutes"] = "0.15" };
}

public sealed class IdleTimeoutTests(BrowserFixture browser, ShortIdleAppServer app) : EndToEndTest(browser, app), IClassFixture<ShortIdleAppServer>
{
    [Fact]
    public async Task An_idle_session_on_a_shared_computer_ends_and_says_why()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        await WaitForCircuitAsync();

        // Nobody touches the computer: the page signs itself out.
        await Expect(Page.GetByText("Votre session a été fermée après une période d’inactivité.")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Page.GotoAsync("/");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();
        await Expect(new DashboardPage(Page).Heading).ToHaveCountAsync(0);
    }
}
