using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Mediatheque.Blazor.Deployment;

/// <summary>
/// What running for real needs: behind a reverse proxy (client address and scheme from its forwarded headers),
/// under the school's public address.
/// </summary>
public static class DeploymentSetup
{
    public static void AddDeployment(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().Bind(builder.Configuration.GetSection(SiteOptions.Section))
            .Validate(o => o.HasValidPublicUrl,
                "Mediatheque:PublicUrl must be the site's public address, e.g. https://mediatheque.ecole.fr (it is printed on credential slips).")
            .ValidateOnStart();

        builder.Services.AddOptions<ReverseProxyOptions>().Bind(builder.Configuration.GetSection(ReverseProxyOptions.Section))
            .Validate(o => o.IsValid, "Mediatheque:ReverseProxy: KnownProxies are IP addresses, KnownNetworks are CIDR networks (10.0.0.0/24).")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            // The Host header is passed through unchanged by the proxy (and checked against AllowedHosts); only the
            // client's address and scheme are forwarded. ForwardLimit stays 1: the proxy's own entry, the last one.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxy.Value.KnownProxies.Count + proxy.Value.KnownNetworks.Count == 0)
            {
                return;
            }

            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }

    /// <summary>First in the pipeline: everything after it (HTTPS, rate limit, journal) sees the user, not the proxy.</summary>
    public static void UseDeployment(this WebApplication app) => app.UseForwardedHeaders();
}
