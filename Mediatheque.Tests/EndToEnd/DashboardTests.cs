using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

public sealed class DashboardTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task The_administrator_sees_the_demo_schools_numbers()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var dashboard = new DashboardPage(Page);

        await Expect(dashboard.Heading).ToBeVisibleAsync();
        await Expect(dashboard.Numbers("active-total")).Not.ToHaveTextAsync("0");
        await Expect(Page.GetByText("L’école en chiffres")).ToBeVisibleAsync();
    }
}
