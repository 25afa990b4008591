using System.Security.Claims;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Users;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Mediatheque.Blazor.Account;

/// <summary>What the session cookie says about the signed-in person, written and read in one place.</summary>
public static class UserPrincipal
{
    public const string FullNameClaim = "mediatheque:full_name";
    public const string MustChangeClaim = "mediatheque:must_change_password";
    public const string StampClaim = "mediatheque:security_stamp";
    public const string SessionClaim = "mediatheque:session";

    /// <summary>The cookie's claims for a user and their server-side session (Sessions.StartSessionAsync is the caller).</summary>
    public static ClaimsPrincipal Create(SignedInUser user, string sessionToken)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Login),
                new Claim(FullNameClaim, user.FullName),
                new Claim(ClaimTypes.Role, user.Profil.ToString()),
                new Claim(StampClaim, user.SecurityStamp),
                new Claim(MustChangeClaim, user.MustChangePassword ? "true" : "false"),
                new Claim(SessionClaim, sessionToken),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }

    public static int? UserId(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static int RequiredUserId(this ClaimsPrincipal principal) =>
        principal.UserId() ?? throw new InvalidOperationException("No signed-in user.");

    public static Profil? Profil(this ClaimsPrincipal principal) =>
        Enum.TryParse<Profil>(principal.FindFirstValue(ClaimTypes.Role), out var profil) ? profil : null;

    public static string FullName(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(FullNameClaim) ?? principal.Identity?.Name ?? string.Empty;

    public static string SecurityStamp(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(StampClaim) ?? string.Empty;

    public static bool MustChangePassword(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(MustChangeClaim) == "true";

    public static string? SessionToken(this ClaimsPrincipal principal) => principal.FindFirstValue(SessionClaim);

    /// <summary>Whether the cookie still says what the database says of its user (name, login, forced change).</summary>
    public static bool Describes(this ClaimsPrincipal principal, SignedInUser user) =>
        principal.Identity?.Name == user.Login && principal.FullName() == user.FullName && principal.Profil() == user.Profil
        && principal.MustChangePassword() == user.MustChangePassword;
}
