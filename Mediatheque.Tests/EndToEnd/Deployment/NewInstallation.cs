namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// A node as a new installation first starts it (README, « Deploying on Debian 12 », step 5): the publish output in
/// Production, on a PostgreSQL server where its database does not exist yet (the test run's server, a name never
/// used), nginx on 127.0.0.1 as its only known proxy. Started once per test class; the database is dropped afterwards.
/// </summary>
public sealed class NewInstallation : IAsyncLifetime
{
    public const string PublicUrl = "https://mediatheque.ecole-test.fr";

    private readonly string database = "fresh_" + Guid.NewGuid().ToString("N");
    private PostgreSqlServer? server;

    public AppNode Node { get; private set; } = null!;

    /// <summary>What the node wrote until it first answered /health.</summary>
    public string FirstStartOutput { get; private set; } = string.Empty;

    public PostgreSqlServer Server => server!;

    public string Database => database;

    public async Task InitializeAsync()
    {
        var publishFolder = await PublishedApp.FolderAsync();
        server = await PostgreSqlServer.SharedAsync();
        Node = await AppNode.StartAsync(publishFolder, new Dictionary<string, string>
        {
            ["Mediatheque__Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Mediatheque"] = server.ConnectionString(database),
            ["Mediatheque__PublicUrl"] = PublicUrl,
            ["Mediatheque__ReverseProxy__KnownProxies__0"] = "127.0.0.1",
        });
        FirstStartOutput = Node.Output;
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        if (server is not null)
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
