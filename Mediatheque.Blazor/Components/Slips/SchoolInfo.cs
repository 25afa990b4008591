using Microsoft.AspNetCore.Components;

namespace Mediatheque.Blazor.Components.Slips;

/// <summary>What a credential slip prints besides the credentials: the school and the portal's addresses.</summary>
public sealed class SchoolInfo(IConfiguration configuration, NavigationManager navigation)
{
    public const string PublicUrlKey = "Mediatheque:PublicUrl";

    public string Name => configuration["Mediatheque:SchoolName"] is { Length: > 0 } name ? name : "Médiathèque";

    /// <summary>
    /// The site's address as pupils reach it: <c>Mediatheque:PublicUrl</c> (what a deployment sets, so that a
    /// request's Host header never reaches paper); without it, the address this browser used (Development).
    /// </summary>
    public string PublicUrl => (configuration[PublicUrlKey] is { Length: > 0 } url ? url : navigation.BaseUri).TrimEnd('/');

    /// <summary>The sign-in page, where the pupil types what the slip says.</summary>
    public string PortalAddress => PublicUrl + Mediatheque.Blazor.Account.AccountSetup.LoginPath;

    /// <summary>What a QR sign-in card encodes.</summary>
    public string CardUrl(string token) => $"{PublicUrl}{Mediatheque.Blazor.Account.LoginCardEndpoint.Path}/{Uri.EscapeDataString(token)}";
}
