using System.Text.RegularExpressions;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// The two machines' firewalls the README installs (deploy/nftables): rulesets nft accepts, which open to each machine
/// what the other files say it uses (nginx's upstream, the node's settings).
/// </summary>
public sealed partial class FirewallTests
{
    private static readonly string Deploy = Path.Combine(PublishedApp.RepositoryRoot, "deploy");

    [Theory]
    [InlineData("machine-a.nft")]
    [InlineData("machine-b.nft")]
    public async Task The_shipped_ruleset_is_one_nft_accepts(string file)
    {
        // « -c »: checked by the kernel's nftables, not applied.
        var (exitCode, output) = await ChildProcess.ExecuteAsync("nft", ["-c", "-f", Path.Combine(Deploy, "nftables", file)], TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Each_machine_lets_in_from_the_other_what_the_site_and_the_settings_use()
    {
        var site = File.ReadAllText(Path.Combine(Deploy, "nginx", "mediatheque.conf"));
        var settings = File.ReadAllText(Path.Combine(Deploy, "mediatheque.env"));
        var nodes = UpstreamServer().Matches(site).Select(m => (Address: m.Groups[1].Value, Port: m.Groups[2].Value)).ToList();
        var proxy = KnownProxy().Match(settings).Groups[1].Value;
        var database = DatabaseServer().Match(settings);

        // Machine A runs nginx, PostgreSQL and node 1; machine B, node 2.
        Assert.Equal(2, nodes.Count);
        Assert.Equal(nodes[0].Address, proxy);
        Assert.Equal(nodes[0].Address, database.Groups[1].Value);
        Assert.Contains($"ip saddr {nodes[1].Address} tcp dport {database.Groups[2].Value} accept",
            File.ReadAllText(Path.Combine(Deploy, "nftables", "machine-a.nft")));
        Assert.Contains($"ip saddr {proxy} tcp dport {nodes[1].Port} accept",
            File.ReadAllText(Path.Combine(Deploy, "nftables", "machine-b.nft")));
    }

    [GeneratedRegex(@"^\s*server (\d+\.\d+\.\d+\.\d+):(\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"^Mediatheque__ReverseProxy__KnownProxies__0=""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex KnownProxy();

    [GeneratedRegex(@"^ConnectionStrings__Mediatheque=""Host=([^;]+);Port=(\d+);", RegexOptions.Multiline)]
    private static partial Regex DatabaseServer();
}
