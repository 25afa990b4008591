using Microsoft.AspNetCore.DataProtection;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// A browser where a pupil signed in with pictures is a class's tablet (issue 24): signing out there, or being signed
/// out for inactivity, goes back to the class's page for the next child, not to « Connexion ». The class's address is
/// kept encrypted in a cookie of the browser (the poster on the wall says the same), never on the server.
/// </summary>
public static class ClassTablet
{
    private const string Cookie = "Mediatheque.Classe";
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(365);

    /// <summary>After a picture sign-in on <c>/classe/{code}</c>: this browser is that class's tablet.</summary>
    public static void Remember(HttpContext http, string code) =>
        http.Response.Cookies.Append(Cookie, Protector(http).Protect(code), new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = KeptFor,
            IsEssential = true,
        });

    /// <summary>The class page this browser signs out to, or null when no pupil signed in here with pictures.</summary>
    public static string? PagePath(HttpContext http)
    {
        if (http.Request.Cookies[Cookie] is not { Length: > 0 } sealedCode)
        {
            return null;
        }

        try
        {
            return $"/classe/{Uri.EscapeDataString(Protector(http).Unprotect(sealedCode))}";
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Keys renewed or a cookie made up: sign out to « Connexion » as anywhere else.
            return null;
        }
    }

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("Mediatheque.ClassTablet");
}
