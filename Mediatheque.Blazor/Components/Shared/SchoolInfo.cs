using Mediatheque.Blazor.Deployment;
using Mediatheque.Blazor.Schools;
using Microsoft.Extensions.Options;

namespace Mediatheque.Blazor.Components.Shared;

/// <summary>What a credential slip prints besides the credentials: the school and the portal's address.</summary>
public sealed class SchoolInfo(IOptions<SiteOptions> site, SchoolContext school, PublicAddress address)
{
    /// <summary>
    /// The school of the page that prints: slips, sheets and cards are printed from a school's pages for that school's
    /// pupils, so it is the pupil's school.
    /// </summary>
    public string Name => school.Current?.Name ?? ConfiguredName ?? "Médiathèque";

    /// <summary>The deployment's name when it sets one (« Mediatheque:SchoolName »): shown on the sign-in pages, which belong to no school.</summary>
    public string? ConfiguredName => site.Value.SchoolName is { Length: > 0 } name ? name : null;

    /// <summary>The sign-in page, where the pupil types what the slip says: on the configured public address, never the request's.</summary>
    public string PortalAddress => address.Of(Mediatheque.Blazor.Account.AccountSetup.LoginPath);

    /// <summary>What a pupil's QR sign-in card encodes: <c>{PublicUrl}/carte/{token}</c>.</summary>
    public string CardUrl(string token) =>
        address.Of($"{Mediatheque.Blazor.Account.LoginCardEndpoint.Path}/{Uri.EscapeDataString(token)}");

    /// <summary>What a class's picture sign-in poster encodes: <c>{PublicUrl}/classe/{code}</c>.</summary>
    public string ClassUrl(string code) =>
        address.Of($"{Mediatheque.Blazor.Account.ClassPhotoEndpoint.ClassPath}/{Uri.EscapeDataString(code)}");
}
