using System.Net;
using System.Net.Sockets;
using Mediatheque.Core;
using Mediatheque.Core.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core;

/// <summary>A database the app cannot use stops the start-up with one line saying why (Program prints it and exits 1).</summary>
public sealed class DatabaseStartupTests
{
    [Fact]
    public async Task An_unknown_provider_is_named_with_the_ones_allowed()
    {
        var failure = await Assert.ThrowsAsync<DatabaseStartupException>(() => InitializeAsync("Oracle", "Data Source=unused.db"));

        Assert.Equal(
            "Mediatheque:Database:Provider = « Oracle » is not a database provider: use « Sqlite » (the default) or « PostgreSql ».",
            failure.Message);
    }

    [Fact]
    public async Task A_postgresql_server_that_does_not_answer_is_said_in_one_line()
    {
        var failure = await Assert.ThrowsAsync<DatabaseStartupException>(() =>
            InitializeAsync("PostgreSql", $"Host=127.0.0.1;Port={ClosedPort()};Database=mediatheque;Username=mediatheque;Timeout=5"));

        Assert.StartsWith("The PostgreSQL server does not answer", failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task The_provider_name_ignores_case_and_sqlite_is_the_default()
    {
        Assert.Equal(DatabaseProvider.PostgreSql, DatabaseRegistration.ProviderOf(Configuration("postgresql", "Host=x")));
        Assert.Equal(DatabaseProvider.Sqlite, DatabaseRegistration.ProviderOf(Configuration(null, "Data Source=x.db")));
        await Assert.ThrowsAsync<DatabaseStartupException>(() => InitializeAsync("1", "Data Source=unused.db"));
    }

    private static async Task InitializeAsync(string? provider, string connectionString)
    {
        await using var services = new ServiceCollection().AddLogging().AddMediathequeCore(Configuration(provider, connectionString)).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    private static IConfiguration Configuration(string? provider, string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseRegistration.ProviderKey] = provider,
            ["ConnectionStrings:Mediatheque"] = connectionString,
        }).Build();

    /// <summary>A loopback port nobody listens on: taken, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
