using Microsoft.AspNetCore.Components;

namespace Mediatheque.Blazor.Components.Shared;

/// <summary>What a credential slip prints besides the credentials: the school and the portal's address.</summary>
public sealed class SchoolInfo(IConfiguration configuration, NavigationManager navigation)
{
    public string Name => configuration["Mediatheque:SchoolName"] is { Length: > 0 } name ? name : "Médiathèque";

    /// <summary>The sign-in page, where the pupil types what the slip says.</summary>
    public string PortalAddress => navigation.ToAbsoluteUri(Mediatheque.Blazor.Account.AccountSetup.LoginPath).ToString();
}
