using Mediatheque.Core.Accounts;
using Mediatheque.Core.Users;
using Microsoft.AspNetCore.Authorization;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// Who may open which page. The same rules are enforced again by the Core services that change
/// data; these only keep people out of pages they have no use for. The roles are the profiles a person holds in any of
/// their schools: in the school a page works in, their profile there decides (SchoolContext, then Core).
/// </summary>
public static class Policies
{
    /// <summary>Signed in, even with a password still to change: only « Changer mon mot de passe ».</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>The « Utilisateurs » tile: teachers and both administrator profiles.</summary>
    public const string ManageUsers = nameof(ManageUsers);

    /// <summary>Import and journal: both administrator profiles.</summary>
    public const string Administer = nameof(Administer);

    /// <summary>« ADMINISTRATEUR DE LA PLATEFORME »: the schools, their settings and their administrators.</summary>
    public const string Platform = nameof(Platform);

    private static readonly Profil[] ManagersOfUsers = [Profil.Enseignant, Profil.AdministrateurSecondaire, Profil.Administrateur];

    private static readonly Profil[] Administrators = [Profil.AdministrateurSecondaire, Profil.Administrateur];

    public static void Configure(AuthorizationOptions options)
    {
        // Every [Authorize] page also requires that no password change is pending (forced change, PRODUCT.md).
        options.DefaultPolicy = Ready().Build();
        options.AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser());
        options.AddPolicy(ManageUsers, policy => Ready(policy).RequireRole(ManagersOfUsers.Select(p => p.ToString())));
        options.AddPolicy(Administer, policy => Ready(policy).RequireRole(Administrators.Select(p => p.ToString())));
        options.AddPolicy(Platform, policy => Ready(policy).RequireRole(SignedInUser.PlatformAdministratorRole));
    }

    /// <summary>
    /// The same rule for one school: whether a person holding <paramref name="profilHere"/> in the page's school (null:
    /// none) may use what the policy guards there; what the dashboard offers in that school.
    /// </summary>
    public static bool AllowsHere(string policy, Profil? profilHere, bool platformAdministrator) => policy switch
    {
        SignedIn => true,
        ManageUsers => profilHere is { } p && ManagersOfUsers.Contains(p),
        Administer => profilHere is { } p && Administrators.Contains(p),
        Platform => platformAdministrator,
        _ => false,
    };

    private static AuthorizationPolicyBuilder Ready(AuthorizationPolicyBuilder? policy = null) =>
        (policy ?? new AuthorizationPolicyBuilder())
            .RequireAuthenticatedUser()
            .RequireAssertion(context => !context.User.MustChangePassword());
}
