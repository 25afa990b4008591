using Mediatheque.Blazor.Deployment;
using Microsoft.Extensions.Options;

namespace Mediatheque.Blazor.Components.Shared;

/// <summary>What a credential slip prints besides the credentials: the school and the portal's address.</summary>
public sealed class SchoolInfo(IOptions<SiteOptions> site, PublicAddress address)
{
    public string Name => ConfiguredName ?? "Médiathèque";

    /// <summary>The school's name when the deployment sets one: shown beside « Médiathèque » on every page.</summary>
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
