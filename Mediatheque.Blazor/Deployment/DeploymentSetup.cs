using Mediatheque.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Blazor.Deployment;

/// <summary>
/// What running for real needs: behind a reverse proxy (client address and scheme from its forwarded headers),
/// under the school's public address, as a systemd service, on several nodes sharing one database.
/// </summary>
public static class DeploymentSetup
{
    public const string HealthPath = "/health";

    /// <summary>Every node must use the same name: Data Protection keys are isolated per application name.</summary>
    public const string ApplicationName = "Mediatheque";

    public static void AddDeployment(this WebApplicationBuilder builder)
    {
        // From the build output (`dotnet run`, any environment), the framework's and MudBlazor's files are found through
        // the build's static web assets manifest; a publish output has none and serves its own wwwroot.
        if (!builder.Environment.IsDevelopment())
        {
            builder.WebHost.UseStaticWebAssets();
        }

        // Under systemd (Type=notify): ready once listening, stopped gracefully on SIGTERM; nothing elsewhere.
        builder.Host.UseSystemd();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(20));

        builder.Services.AddOptions<SiteOptions>().Bind(builder.Configuration.GetSection(SiteOptions.Section))
            .Validate(o => o.HasValidPublicUrl || (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(o.PublicUrl)),
                "Mediatheque:PublicUrl must be the site's public address, e.g. https://mediatheque.ecole.fr (it is printed on credential slips).")
            .ValidateOnStart();
        builder.Services.AddSingleton<PublicAddress>();
        builder.AddReverseProxy();
        builder.Services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<SiteOptions>>(AnswerThePublicNameOnly);

        // One key ring for every node, in the database: a session cookie or a form token issued by one node is
        // accepted by the others, and survives restarts and redeployments.
        // The key store and the health check take a context from their scope: the configured provider's, made by the factory.
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContext());
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<MediathequeDbContext>();

        builder.Services.AddHealthChecks().AddDbContextCheck<MediathequeDbContext>("database");
    }

    /// <summary>
    /// Reads the shared key ring before serving, creating its first key on a new installation: a node started after it
    /// finds that key instead of making one of its own that the other nodes would not know yet.
    /// </summary>
    public static void LoadKeyRing(this WebApplication app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ApplicationName).Protect([1]);

    /// <summary>First in the pipeline: everything after it (HTTPS, rate limit, journal) sees the user, not the proxy.</summary>
    public static void UseDeployment(this WebApplication app) => app.UseForwardedHeaders();

    /// <summary>« Healthy » (200) when this node can serve, database included; « Unhealthy » (503) otherwise.</summary>
    public static void MapHealth(this WebApplication app) => app.MapHealthChecks(HealthPath).DisableHttpMetrics();

    /// <summary>
    /// « AllowedHosts » left at « * » while the site has a public address: the app answers that name and loopback (the
    /// health probes) only, and any other Host header gets 400, so that no redirect or page ever carries a name a client
    /// made up. A site known by several names lists them all in AllowedHosts (README), which then applies as written.
    /// </summary>
    private static void AnswerThePublicNameOnly(HostFilteringOptions hosts, IOptions<SiteOptions> site)
    {
        if (hosts.AllowedHosts is not ["*"] || !site.Value.HasValidPublicUrl)
        {
            return;
        }

        hosts.AllowedHosts = [new Uri(site.Value.PublicUrl).IdnHost, "localhost", "127.0.0.1", "[::1]"];
    }

    private static void AddReverseProxy(this WebApplicationBuilder builder)
    {
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
}
