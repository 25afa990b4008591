using Mediatheque.Core.Accounts;
using Mediatheque.Core.LoginCards;
using Microsoft.AspNetCore.DataProtection;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// <c>/carte/{token}</c>, the address a pupil's QR card encodes: signs the pupil in like the sign-in form
/// (same rate limit, journal and session cookie), then redirects at once so that the token leaves the
/// address bar and the history, and is never sent on as a referrer.
/// A card address is a sign-in that anyone can put behind a link, so it never signs a browser in on another site's
/// behalf (login CSRF): a request the browser marks as coming from another site (Sec-Fetch-Site) is refused, and
/// when someone is already signed in, the card waits (encrypted, in a short-lived cookie for /carte only) until
/// that person confirms on <c>/carte</c> with a form post (LoginCardConfirmation).
/// </summary>
public static class LoginCardEndpoint
{
    public const string Path = "/carte";

    private const string PendingCookie = "Mediatheque.Carte";

    private static readonly TimeSpan PendingFor = TimeSpan.FromMinutes(5);

    public static void MapLoginCards(this WebApplication app) =>
        app.MapGet(Path + "/{token}", async (string token, HttpContext context, LoginCardService cards) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            if (FromAnotherSite(context.Request))
            {
                return Results.Redirect($"{AccountSetup.LoginPath}?carte=autre-site");
            }

            if (context.User.Identity?.IsAuthenticated == true)
            {
                context.Response.Cookies.Append(PendingCookie, Protector(context).Protect(token, PendingFor), new CookieOptions
                {
                    Path = Path,
                    HttpOnly = true,
                    Secure = context.Request.IsHttps,
                    SameSite = SameSiteMode.Strict,
                    MaxAge = PendingFor,
                    IsEssential = true,
                });
                return Results.Redirect(Path);
            }

            return Results.Redirect(await SignInAsync(context, cards, token));
        }).AllowAnonymous().DisableAntiforgery();

    /// <summary>Whether a card waits on this browser for the signed-in person's confirmation (its token, or null).</summary>
    public static string? PendingToken(HttpContext context)
    {
        if (context.Request.Cookies[PendingCookie] is not { } sealedToken)
        {
            return null;
        }

        try
        {
            return Protector(context).Unprotect(sealedToken);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Expired, or not ours.
            return null;
        }
    }

    /// <summary>
    /// Signs the card's pupil in on this browser (ending the session it had) and says where to go next: home, the
    /// password change, or the sign-in page saying why the card was refused. Any waiting card is forgotten.
    /// </summary>
    public static async Task<string> SignInAsync(HttpContext context, LoginCardService cards, string token)
    {
        context.Response.Cookies.Delete(PendingCookie, new CookieOptions { Path = Path });
        var result = await cards.SignInAsync(token, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        if (result.User is not { } user)
        {
            return $"{AccountSetup.LoginPath}?carte={RefusalCode(result.Status)}";
        }

        // The same server-side session as a password sign-in; on a classroom computer it replaces the previous pupil's.
        // It lives no longer than the card: revoked or replaced, the card ends it.
        await context.StartSessionAsync(user, result.LoginCardHash);
        return user.MustChangePassword ? AccountSetup.ChangePasswordPath : "/";
    }

    /// <summary>
    /// Fetch metadata (all current browsers): « cross-site » or « same-site » when a page of another site (or of a
    /// sibling domain) led here. A scanned or typed address is « none »; an old browser sends nothing and is let through.
    /// </summary>
    public static bool FromAnotherSite(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site";

    /// <summary>What the sign-in page says after a refused card (the message is the page's, not the address's).</summary>
    public static string? Message(string? code) => code switch
    {
        null or "" => null,
        "desactive" => "Votre compte est désactivé. Contactez l'administrateur de la Médiathèque.",
        "verrouille" => "Trop d'essais : ce compte est verrouillé pour le moment. Demande à ton enseignant de le déverrouiller.",
        "autre-site" => "Une carte de connexion ne s'ouvre pas depuis un lien d'un autre site : scanne ta carte, ou tape son adresse.",
        _ => LoginCardService.InvalidCardMessage,
    };

    private static ITimeLimitedDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("Mediatheque.LoginCard.Pending").ToTimeLimitedDataProtector();

    private static string RefusalCode(SignInStatus status) => status switch
    {
        SignInStatus.Deactivated => "desactive",
        SignInStatus.LockedOut => "verrouille",
        _ => "invalide",
    };
}
