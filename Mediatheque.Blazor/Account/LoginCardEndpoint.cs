using Mediatheque.Core.Accounts;
using Mediatheque.Core.LoginCards;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// <c>/carte/{token}</c>, the address a pupil's QR card encodes: signs the pupil in like the sign-in form
/// (same rate limit, journal and session cookie), then redirects at once so that the token leaves the
/// address bar and the history, and is never sent on as a referrer.
/// </summary>
public static class LoginCardEndpoint
{
    public const string Path = "/carte";

    public static void MapLoginCards(this WebApplication app) =>
        app.MapGet(Path + "/{token}", async (string token, HttpContext context, LoginCardService cards) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            var result = await cards.SignInAsync(token, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
            if (result.User is not { } user)
            {
                return Results.Redirect($"{AccountSetup.LoginPath}?carte={RefusalCode(result.Status)}");
            }

            // The same server-side session as a password sign-in; on a classroom computer it replaces the previous pupil's.
            await context.StartSessionAsync(user);
            return Results.Redirect(user.MustChangePassword ? AccountSetup.ChangePasswordPath : "/");
        }).AllowAnonymous().DisableAntiforgery();

    /// <summary>What the sign-in page says after a refused card (the message is the page's, not the address's).</summary>
    public static string? Message(string? code) => code switch
    {
        null or "" => null,
        "desactive" => "Votre compte est désactivé. Contactez l'administrateur de la Médiathèque.",
        "verrouille" => "Trop d'essais : ce compte est verrouillé pour le moment. Demande à ton enseignant de le déverrouiller.",
        _ => LoginCardService.InvalidCardMessage,
    };

    private static string RefusalCode(SignInStatus status) => status switch
    {
        SignInStatus.Deactivated => "desactive",
        SignInStatus.LockedOut => "verrouille",
        _ => "invalide",
    };
}
