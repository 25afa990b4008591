namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// The shipped nginx site (a certificate the test makes) in front of one node from the publish output, in Production on
/// a SQLite file of its own: what a single-node school runs. Started once per test class.
/// </summary>
public sealed class ProxiedNode : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("mediatheque-node-").FullName;
    private AppNode? node;

    public NginxProxy Proxy { get; } = new();

    public async Task InitializeAsync()
    {
        node = await AppNode.StartAsync(await PublishedApp.FolderAsync(), new Dictionary<string, string>
        {
            ["ConnectionStrings__Mediatheque"] = $"Data Source={Path.Combine(folder, "mediatheque.db")}",
            ["Mediatheque__PublicUrl"] = Proxy.Url,
            ["AllowedHosts"] = "localhost;127.0.0.1",
        });
        // The shipped upstream names two nodes: both lines lead to this one.
        await Proxy.StartAsync([node.Port, node.Port]);
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        if (node is not null)
        {
            await node.DisposeAsync();
        }

        PublishedApp.TryDelete(folder);
    }
}
