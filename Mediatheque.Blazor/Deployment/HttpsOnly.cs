using System.Net;
using Microsoft.Extensions.Options;

namespace Mediatheque.Blazor.Deployment;

/// <summary>
/// Outside Development the session and antiforgery cookies are Secure, so no page works over plain HTTP (the sign-in
/// form answered a 500: antiforgery refuses to hand a Secure cookie to HTTP). A plain HTTP request is answered
/// before it gets that far: redirected to the published address when Mediatheque:PublicUrl is HTTPS, otherwise a
/// French page saying the site must be reached over HTTPS. « HTTPS » is what the node sees after the forwarded
/// headers: nginx's X-Forwarded-Proto counts when nginx is a known proxy. /health stays plain HTTP for the probes on
/// the node (README). HSTS tells browsers to come back over HTTPS only, for two years (Mozilla's « intermediate » profile).
/// </summary>
public static class HttpsOnly
{
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromSeconds(63_072_000);

    private static int proxyWarningLogged;

    public static void AddHttpsOnly(this WebApplicationBuilder builder) =>
        // Not includeSubDomains: a school's site is one name of an academy's or a town's domain, whose other names it does not own.
        builder.Services.AddHsts(hsts => hsts.MaxAge = HstsMaxAge);

    public static void UseHttpsOnly(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return;
        }

        app.UseHsts();
        app.Use(async (context, next) =>
        {
            if (context.Request.IsHttps || context.Request.Path.StartsWithSegments(DeploymentSetup.HealthPath))
            {
                await next(context);
                return;
            }

            var site = context.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value;
            // Still there after the forwarded headers: sent by an address that is not a known proxy. Redirecting would
            // send the browser round through that proxy for ever; the page and the log say what to configure instead.
            var untrustedProxy = context.Request.Headers.ContainsKey("X-Forwarded-Proto");
            if (untrustedProxy && Interlocked.Exchange(ref proxyWarningLogged, 1) == 0)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpsOnly)).LogWarning(
                    "A request from {Address} says it came over HTTPS (X-Forwarded-Proto), but that address is not a known proxy: "
                    + "add it to Mediatheque:ReverseProxy:KnownProxies. Until then every page answers that HTTPS is required.",
                    context.Connection.RemoteIpAddress);
            }

            if (IsHttps(site) && !untrustedProxy)
            {
                // 307, as ASP.NET Core's HTTPS redirection: temporary, the method kept. The published name, never the request's Host.
                var published = context.RequestServices.GetRequiredService<PublicAddress>()
                    .Of(context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent());
                context.Response.Redirect(published, permanent: false, preserveMethod: true);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page(site), context.RequestAborted);
        });
    }

    private static bool IsHttps(SiteOptions site) =>
        Uri.TryCreate(site.PublicUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>A page of its own, with nothing to load: over plain HTTP the stylesheets would be refused as well.</summary>
    private static string Page(SiteOptions site)
    {
        var address = IsHttps(site)
            ? $"""<p>Ouvrez <a href="{WebUtility.HtmlEncode(site.PublicUrl)}">{WebUtility.HtmlEncode(site.PublicUrl)}</a>.</p>"""
            : string.Empty;
        return $$"""
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Connexion sécurisée obligatoire — Médiathèque</title>
            <style>body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }</style>
            </head>
            <body>
            <main>
            <h1>Connexion sécurisée obligatoire</h1>
            <p>La Médiathèque ne s’ouvre qu’en HTTPS, pour que les mots de passe ne circulent jamais en clair&nbsp;:
            son adresse commence par <strong>https://</strong>.</p>
            {{address}}
            <p>Vous gérez ce site&nbsp;? Servez-le en HTTPS par le proxy (nginx) qui transmet <code>X-Forwarded-Proto</code>,
            déclarez ce proxy dans <code>Mediatheque:ReverseProxy:KnownProxies</code> et donnez l’adresse publique en
            <code>https://</code> dans <code>Mediatheque:PublicUrl</code> (README, «&nbsp;Deploying on Debian 12&nbsp;»).</p>
            </main>
            </body>
            </html>
            """;
    }
}
