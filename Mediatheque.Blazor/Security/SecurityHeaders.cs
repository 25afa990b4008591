using System.Security.Cryptography;

namespace Mediatheque.Blazor.Security;

/// <summary>
/// The browser-side defences every response carries (OWASP secure headers):
/// <list type="bullet">
/// <item>a Content-Security-Policy: scripts only from this site, plus the one inline script the framework writes
/// (the import map), allowed by a nonce drawn for each response; no plugin, no foreign frame or form target, and
/// <c>frame-ancestors 'self'</c> against click-jacking. Styles allow inline because MudBlazor sets style attributes
/// and writes its theme as a &lt;style&gt; element; inline style cannot run code. Images also from data: and blob:
/// URLs (photos, QR codes). The circuit's WebSocket is same-origin (connect-src 'self').</item>
/// <item>X-Content-Type-Options: nosniff, Referrer-Policy: same-origin, a Permissions-Policy that switches off the
/// device features the app never uses, X-Frame-Options for browsers without frame-ancestors;</item>
/// <item>no Server header (Kestrel's is switched off), and the antiforgery cookie Secure outside Development.</item>
/// </list>
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "Mediatheque.CspNonce";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public static void AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = builder.Environment.IsDevelopment()
            ? CookieSecurePolicy.SameAsRequest
            : CookieSecurePolicy.Always);
    }

    /// <summary>First in the pipeline, so that error pages and static files carry the headers too.</summary>
    public static void UseSecurityHeaders(this WebApplication app) =>
        app.Use((context, next) =>
        {
            // Hex, not base64: a '+' would reach the page HTML-encoded (&#x2B;), which no reader of the raw page expects.
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = Policy(nonce);
                headers.XContentTypeOptions = "nosniff";
                // Unless the response chose a stricter one (a card's address: « no-referrer »).
                headers.TryAdd("Referrer-Policy", "same-origin");
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers.XFrameOptions = "SAMEORIGIN";
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>The nonce of this response's policy, for the framework's inline import map (App.razor).</summary>
    public static string? CspNonce(this HttpContext context) => context.Items[NonceKey] as string;

    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'self'";
}
