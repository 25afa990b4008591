using Mediatheque.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// The one way a session starts and ends on this site. Whatever proved who the person is (the sign-in form, a QR
/// card…), it then calls <see cref="StartSessionAsync"/>: a server-side session (SessionStore) and the cookie that
/// names it. A cookie that names no live session is refused on its next request, so nothing else can sign anyone in.
/// </summary>
public static class Sessions
{
    /// <summary>Starts the session; <paramref name="loginCardHash"/> names the QR card that opened it, which it lives no longer than.</summary>
    public static async Task StartSessionAsync(this HttpContext http, SignedInUser user, string? loginCardHash = null)
    {
        var store = http.RequestServices.GetRequiredService<SessionStore>();
        // A session this browser already had ends: one person, one live session per cookie (no fixation).
        await store.EndAsync(http.User.SessionToken(), http.RequestAborted);
        var token = await store.StartAsync(user.AccountId, http.Connection.RemoteIpAddress?.ToString(), loginCardHash, http.RequestAborted);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserPrincipal.Create(user, token));
    }

    /// <summary>Signing out: the session is ended on the server, then the cookie removed; a copy of it is now worthless.</summary>
    public static async Task EndSessionAsync(this HttpContext http)
    {
        await http.RequestServices.GetRequiredService<SessionStore>().EndAsync(http.User.SessionToken(), http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Every request: the cookie's session must be live and its person unchanged in what they may do. Changed roles end
    /// the session (the security stamp changed too); a changed name or login is re-read into a renewed cookie.
    /// </summary>
    internal static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal)
        {
            return;
        }

        var current = principal.AccountId() is { } accountId
            ? await context.HttpContext.RequestServices.GetRequiredService<SessionStore>()
                .ValidateAsync(principal.SessionToken(), accountId, principal.SecurityStamp(), context.HttpContext.RequestAborted)
            : null;
        if (current is null || !current.Roles.SequenceEqual(principal.Roles()))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        if (!principal.Describes(current))
        {
            context.ReplacePrincipal(UserPrincipal.Create(current, principal.SessionToken()!));
            context.ShouldRenew = true;
        }
    }
}
