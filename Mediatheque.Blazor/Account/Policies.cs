using Mediatheque.Core.Users;
using Microsoft.AspNetCore.Authorization;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// Who may open which page. The same rules are enforced again by the Core services that change
/// data; these only keep people out of pages they have no use for.
/// </summary>
public static class Policies
{
    /// <summary>Signed in, even with a password still to change: only « Changer mon mot de passe ».</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>The « Utilisateurs » tile: teachers and both administrator profiles.</summary>
    public const string ManageUsers = nameof(ManageUsers);

    /// <summary>Import and journal: both administrator profiles.</summary>
    public const string Administer = nameof(Administer);

    public static void Configure(AuthorizationOptions options)
    {
        // Every [Authorize] page also requires that no password change is pending (forced change, PRODUCT.md).
        options.DefaultPolicy = Ready().Build();
        options.AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser());
        options.AddPolicy(ManageUsers, policy => Ready(policy).RequireRole(
            nameof(Profil.Enseignant), nameof(Profil.AdministrateurSecondaire), nameof(Profil.Administrateur)));
        options.AddPolicy(Administer, policy => Ready(policy).RequireRole(
            nameof(Profil.AdministrateurSecondaire), nameof(Profil.Administrateur)));
    }

    private static AuthorizationPolicyBuilder Ready(AuthorizationPolicyBuilder? policy = null) =>
        (policy ?? new AuthorizationPolicyBuilder())
            .RequireAuthenticatedUser()
            .RequireAssertion(context => !context.User.MustChangePassword());
}
