using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// What the IT person sees on a new installation (issue 27): a first start that logs no failure, and a node that
/// answers plain HTTP with the way to HTTPS instead of a 500.
/// </summary>
public sealed partial class NewInstallationTests(NewInstallation installation) : IClassFixture<NewInstallation>
{
    private static readonly IPAddress NotTheProxy = IPAddress.Parse("127.0.0.2");

    private AppNode Node => installation.Node;

    [Fact]
    public async Task The_first_start_on_an_empty_postgresql_server_creates_the_database_and_logs_no_failure()
    {
        // Created and migrated by the start-up itself.
        await using var connection = new NpgsqlConnection(installation.Server.ConnectionString(installation.Database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var migrations = new NpgsqlCommand("""SELECT count(*) FROM "__EFMigrationsHistory" """, connection);
        Assert.True((long)(await migrations.ExecuteScalarAsync())! > 0);

        Assert.Contains("Now listening on", installation.FirstStartOutput);
        Assert.DoesNotMatch(FailureLine(), installation.FirstStartOutput);
    }

    [Fact]
    public async Task The_first_start_on_the_empty_database_the_readme_creates_logs_no_failure()
    {
        // README step 3: « createdb --owner mediatheque mediatheque », then the node's first start migrates it.
        var database = await installation.Server.CreateEmptyDatabaseAsync();
        try
        {
            await using var node = await AppNode.StartAsync(await PublishedApp.FolderAsync(), new Dictionary<string, string>
            {
                ["Mediatheque__Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__Mediatheque"] = installation.Server.ConnectionString(database),
                ["Mediatheque__PublicUrl"] = NewInstallation.PublicUrl,
            });

            Assert.Contains("Applying migration", node.Output);
            Assert.DoesNotMatch(FailureLine(), node.Output);
        }
        finally
        {
            await installation.Server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task The_sign_in_page_asked_over_plain_http_is_sent_to_the_published_https_address()
    {
        using var client = LoopbackClient.Create(Node.Url, from: NotTheProxy);

        using var response = await client.GetAsync("/connexion?ReturnUrl=%2Futilisateurs");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(NewInstallation.PublicUrl + "/connexion?ReturnUrl=%2Futilisateurs", response.Headers.Location?.OriginalString);
        Assert.DoesNotContain("Antiforgery", Node.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_probes_on_the_node_stay_plain_http()
    {
        using var client = LoopbackClient.Create(Node.Url);

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_proxy_the_node_does_not_know_gets_a_french_page_saying_what_to_configure_not_a_redirect_loop()
    {
        // nginx forwards « https », but from an address missing in KnownProxies: the node sees plain HTTP. Redirecting
        // would send the browser back through nginx to the same answer, for ever.
        using var client = LoopbackClient.Create(Node.Url, from: NotTheProxy);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var response = await client.GetAsync("/connexion");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Connexion sécurisée obligatoire", page);
        Assert.Contains("Mediatheque:ReverseProxy:KnownProxies", page);
        Assert.Contains("Mediatheque:ReverseProxy:KnownProxies", await Node.OutputOnceItSaysAsync("Mediatheque:ReverseProxy:KnownProxies"));
    }

    [Fact]
    public async Task A_site_published_without_https_answers_plain_http_with_a_french_page_saying_so()
    {
        var folder = Directory.CreateTempSubdirectory("mediatheque-http-").FullName;
        try
        {
            await using var node = await AppNode.StartAsync(await PublishedApp.FolderAsync(), new Dictionary<string, string>
            {
                ["ConnectionStrings__Mediatheque"] = $"Data Source={Path.Combine(folder, "mediatheque.db")}",
                ["Mediatheque__PublicUrl"] = "http://mediatheque.ecole-test.fr",
            });
            using var client = LoopbackClient.Create(node.Url, from: NotTheProxy);

            using var response = await client.GetAsync("/connexion");

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains("<html lang=\"fr\">", page);
            Assert.Contains("La Médiathèque ne s’ouvre qu’en HTTPS", page);
            Assert.Contains("Mediatheque:PublicUrl", page);
            Assert.DoesNotMatch(FailureLine(), node.Output);
        }
        finally
        {
            PublishedApp.TryDelete(folder);
        }
    }

    [Fact]
    public async Task Answers_over_https_tell_browsers_to_keep_to_https_for_at_least_180_days()
    {
        // As nginx asks: from the known proxy, over HTTPS, for the published name (HSTS is never sent for « localhost »).
        using var proxy = LoopbackClient.Create(Node.Url);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connexion") { Headers = { Host = new Uri(NewInstallation.PublicUrl).Host } };
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await proxy.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hsts = string.Join(", ", response.Headers.GetValues("Strict-Transport-Security"));
        var maxAge = long.Parse(MaxAge().Match(hsts).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(maxAge >= TimeSpan.FromDays(180).TotalSeconds, hsts);
    }

    /// <summary>Console logger lines: « fail: » (Error) and « crit: » (Critical).</summary>
    [GeneratedRegex(@"^\s*(fail|crit):", RegexOptions.Multiline)]
    private static partial Regex FailureLine();

    [GeneratedRegex(@"max-age=(\d+)")]
    private static partial Regex MaxAge();
}
