using System.Security.Claims;
using Mediatheque.Core.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Mediatheque.Blazor.Account;

/// <summary>What the session cookie says about the signed-in person, written and read in one place.</summary>
public static class UserPrincipal
{
    public const string FullNameClaim = "mediatheque:full_name";
    public const string MustChangeClaim = "mediatheque:must_change_password";
    public const string StampClaim = "mediatheque:security_stamp";
    public const string SessionClaim = "mediatheque:session";

    /// <summary>
    /// The cookie's claims for a person and their server-side session (Sessions.StartSessionAsync is the caller): their
    /// account, and as roles the profiles they hold in their schools, which only open pages. Which of their rows acts in
    /// a school is the page's school's (SchoolContext), never the cookie's.
    /// </summary>
    public static ClaimsPrincipal Create(SignedInUser user, string sessionToken)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Login),
                new Claim(FullNameClaim, user.FullName),
                .. user.Roles.Select(role => new Claim(ClaimTypes.Role, role)),
                new Claim(StampClaim, user.SecurityStamp),
                new Claim(MustChangeClaim, user.MustChangePassword ? "true" : "false"),
                new Claim(SessionClaim, sessionToken),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The signed-in person's account (not a school row: Core services are given SchoolContext's actor).</summary>
    public static int? AccountId(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static int RequiredAccountId(this ClaimsPrincipal principal) =>
        principal.AccountId() ?? throw new InvalidOperationException("No signed-in user.");

    /// <summary>The profiles the person holds in their schools, and PlatformAdministrator, in order.</summary>
    public static IReadOnlyList<string> Roles(this ClaimsPrincipal principal) =>
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();

    /// <summary>Staff in one of their schools (or platform administrator): the dashboard's numbers and tiles are for them.</summary>
    public static bool IsStaffSomewhere(this ClaimsPrincipal principal) =>
        principal.Roles().Any(role => role != nameof(Mediatheque.Core.Users.Profil.Eleve));

    public static string FullName(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(FullNameClaim) ?? principal.Identity?.Name ?? string.Empty;

    public static string SecurityStamp(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(StampClaim) ?? string.Empty;

    public static bool MustChangePassword(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(MustChangeClaim) == "true";

    public static string? SessionToken(this ClaimsPrincipal principal) => principal.FindFirstValue(SessionClaim);

    /// <summary>Whether the cookie still says what the database says of its person (name, login, roles, forced change).</summary>
    public static bool Describes(this ClaimsPrincipal principal, SignedInUser user) =>
        principal.Identity?.Name == user.Login && principal.FullName() == user.FullName && principal.Roles().SequenceEqual(user.Roles)
        && principal.MustChangePassword() == user.MustChangePassword;
}
