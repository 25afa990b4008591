using Mediatheque.Core;
using Mediatheque.Core.Demo;
using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// The README's deployment in miniature: one PostgreSQL database (on the test run's own server), two nodes from the
/// publish output in Production, nginx with the shipped site in front, all on loopback ports in temporary folders.
/// Started once per test class.
/// </summary>
public sealed class TwoNodeSite : IAsyncLifetime
{
    private ServiceProvider? core;
    private PostgreSqlServer? server;
    private string database = string.Empty;

    public NginxProxy Proxy { get; } = new();

    public IReadOnlyList<AppNode> Nodes { get; private set; } = [];

    public string Url => Proxy.Url;

    private string ConnectionString => server!.ConnectionString(database);

    public async Task InitializeAsync()
    {
        var publishFolder = await PublishedApp.FolderAsync();
        server = await PostgreSqlServer.SharedAsync();
        database = await server.CreateDatabaseAsync();
        await SeedDemoSchoolAsync();
        var settings = new Dictionary<string, string>
        {
            ["Mediatheque__Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Mediatheque"] = ConnectionString,
            ["Mediatheque__PublicUrl"] = Proxy.Url,
            ["Mediatheque__SchoolName"] = "École élémentaire Jules-Ferry",
            ["Mediatheque__Passwords__WorkFactor"] = "4",
            ["AllowedHosts"] = "localhost;127.0.0.1",
        };
        // One after the other, as the README says: the second node finds the key ring the first one created.
        var first = await AppNode.StartAsync(publishFolder, settings);
        var second = await AppNode.StartAsync(publishFolder, settings);
        Nodes = [first, second];
        await Proxy.StartAsync([first.Port, second.Port]);
    }

    public AppNode Node(int port) => Nodes.Single(n => n.Port == port);

    /// <summary>Starts again the nodes a test stopped, so every test begins with both.</summary>
    public async Task EnsureBothNodesRunAsync()
    {
        foreach (var node in Nodes.Where(n => !n.IsRunning))
        {
            await node.StartAsync();
        }
    }

    /// <summary>A context working in the demo's Jules-Ferry, where the tests' users are (as a school's operation does).</summary>
    public MediathequeDbContext CreateDbContext()
    {
        var db = core!.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext();
        db.EnterSchool(db.Schools.Where(s => s.Uai == Mediatheque.Core.Demo.DemoSchool.JulesFerryUai).Select(s => s.Id).Single());
        return db;
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        if (core is not null)
        {
            await core.DisposeAsync();
        }

        if (server is not null && database.Length > 0)
        {
            await server.DropDatabaseAsync(database);
        }
    }

    /// <summary>Production seeds nothing: the test puts the demo school in the database through Core, as a fixture.</summary>
    private async Task SeedDemoSchoolAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mediatheque:Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Mediatheque"] = ConnectionString,
            ["Mediatheque:Passwords:WorkFactor"] = "4",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMediathequeCore(configuration);
        core = services.BuildServiceProvider();
        await using var scope = core.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await scope.ServiceProvider.GetRequiredService<DemoSchool>().SeedIfEmptyAsync();
    }
}
