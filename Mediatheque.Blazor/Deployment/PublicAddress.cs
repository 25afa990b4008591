using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Mediatheque.Blazor.Deployment;

/// <summary>
/// The site's address as people type it, printed on credential slips and encoded in QR cards: Mediatheque:PublicUrl,
/// never a request's Host header. In Development, when it is not set, the address this app listens on (launchSettings'
/// http://localhost:5093, or what <c>--urls</c> says), so that a developer's slips lead back to this very app.
/// </summary>
public sealed class PublicAddress(IOptions<SiteOptions> site, IServer? server = null)
{
    /// <summary>« https://mediatheque.ecole.fr », without a trailing slash.</summary>
    public string Root => site.Value.PublicUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : Listening();

    /// <summary>An absolute address on the site, e.g. the sign-in page for "/connexion".</summary>
    public string Of(string path) => Root + path;

    /// <summary>Kestrel names a binding on every interface « http://[::]:8080 » or « http://0.0.0.0:8080 »: here, that is localhost.</summary>
    public static string Reachable(string listening)
    {
        var address = new UriBuilder(listening);
        if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
        {
            address.Host = "localhost";
        }

        return address.Uri.GetLeftPart(UriPartial.Authority);
    }

    // Kestrel's own default when nothing says where to listen.
    private string Listening() =>
        server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } listening ? Reachable(listening) : "http://localhost:5000";
}
