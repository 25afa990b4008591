using System.Reflection;
using Mediatheque.Blazor.Deployment;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// README « Running it »: the port is chosen with <c>--urls</c>, and in Development the slips print that address (issue
/// 27: they printed http://localhost:5093 wherever the app listened). The app runs as <c>dotnet run</c> runs it: the
/// build output, in Development, from the project's folder, on a SQLite file of its own with the demo school.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DevelopmentAddressTests(BrowserFixture browser)
{
    [Fact]
    public async Task In_development_a_slip_prints_the_address_given_to_urls()
    {
        var folder = Directory.CreateTempSubdirectory("mediatheque-dev-").FullName;
        var url = $"http://localhost:{LoopbackPort.Free()}";
        var database = Path.Combine(folder, "mediatheque.db");
        try
        {
            await using var app = ChildProcess.Start("dotnet", [BuildOutput(), "--urls", url], Path.Combine(PublishedApp.RepositoryRoot, "Mediatheque.Blazor"),
                new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["ConnectionStrings__Mediatheque"] = $"Data Source={database}",
                    ["Mediatheque__Passwords__WorkFactor"] = "4",
                    ["DOTNET_NOLOGO"] = "1",
                });
            await AppNode.WaitUntilHealthyAsync(app, url);
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR", BaseURL = url });
            try
            {
                var page = await context.NewPageAsync();
                var login = new LoginPage(page);
                await login.GotoAsync();
                await login.SignInAsync("admin", "admin-demo-2026");
                var detail = new UserDetailPage(page);
                await detail.GotoAsync(IdOf("bm", database));
                await page.Locator("[data-circuit=ready]").WaitForAsync();
                await detail.OpenResetDialogAsync();
                await detail.GenerateAndResetAsync();

                var slip = page.GetByTestId("slip");
                await Expect(slip).ToContainTextAsync(url + "/connexion");
                Assert.DoesNotContain("5093", await slip.TextContentAsync());
            }
            finally
            {
                await context.CloseAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            PublishedApp.TryDelete(folder);
        }
    }

    [Theory]
    [InlineData("http://[::]:8080", "http://localhost:8080")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080")]
    [InlineData("http://127.0.0.1:5093", "http://127.0.0.1:5093")]
    [InlineData("https://localhost:7001", "https://localhost:7001")]
    public void An_address_on_every_interface_is_printed_as_localhost(string listening, string printed) =>
        Assert.Equal(printed, PublicAddress.Reachable(listening));

    /// <summary>The web project's own build output, next to its static web assets manifest, as <c>dotnet run</c> starts it.</summary>
    private static string BuildOutput()
    {
        var configuration = typeof(DevelopmentAddressTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        return Path.Combine(PublishedApp.RepositoryRoot, "Mediatheque.Blazor", "bin", configuration, "net10.0", "Mediatheque.Blazor.dll");
    }

    private static int IdOf(string login, string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Users WHERE Login = $login";
        command.Parameters.AddWithValue("$login", login);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
