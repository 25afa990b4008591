namespace Mediatheque.Blazor.Deployment;

/// <summary>
/// Which reverse proxies are believed when they say who the client is (configuration « Mediatheque:ReverseProxy »).
/// Empty: ASP.NET Core's default, a proxy on this machine (loopback). A proxy on another machine must be listed,
/// otherwise every user would share the proxy's address in the journal and the sign-in rate limit.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "Mediatheque:ReverseProxy";

    /// <summary>Addresses of the proxies, e.g. "10.0.0.10".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR notation, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsValid =>
        KnownProxies.All(address => System.Net.IPAddress.TryParse(address, out _))
        && KnownNetworks.All(network => System.Net.IPNetwork.TryParse(network, out _));
}
