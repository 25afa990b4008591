using Mediatheque.Core.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Mediatheque.Blazor.Account;

/// <summary>The session cookie, page authorization and sign-out; the password forms' rate limits (RateLimits).</summary>
public static class AccountSetup
{
    public const string LoginPath = "/connexion";
    public const string ChangePasswordPath = "/compte/mot-de-passe";
    public const string LogoutPath = "/deconnexion";
    public const string AccessDeniedPath = "/acces-refuse";

    public static void AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "Mediatheque.Session";
                // One cookie for the whole site: a school's pages (« /ecoles/3/… ») have their own path base, which
                // would otherwise become the path of a renewed cookie.
                options.Cookie.Path = "/";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = builder.Environment.IsDevelopment()
                    ? CookieSecurePolicy.SameAsRequest
                    : CookieSecurePolicy.Always;
                options.SlidingExpiration = true;
                options.LoginPath = LoginPath;
                options.AccessDeniedPath = AccessDeniedPath;
                options.Events.OnValidatePrincipal = Sessions.ValidatePrincipalAsync;
                // Signing in on /connexion, the handler would follow « ReturnUrl » by its own looser rule (a non-ASCII
                // « local » path threw after the session had started): the sign-in page decides (LocalReturnUrl).
                options.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask;
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    // A pending forced change is not "access denied": send the user to change it.
                    context.Response.Redirect(context.HttpContext.User.MustChangePassword() ? ChangePasswordPath : context.RedirectUri);
                    return Task.CompletedTask;
                };
            });
        // Shared classroom computers: an idle session ends (the circuit has its own timer, idle.js).
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<SignInOptions>>((cookie, signIn) =>
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(signIn.Value.IdleTimeoutMinutes));
        builder.Services.AddAuthorization(Policies.Configure);
        // The form tokens' cookie too: issued on a school's page, checked by « Se déconnecter » (« /deconnexion »).
        builder.Services.AddAntiforgery(options => options.Cookie.Path = "/");
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        ClientAddressCapture.AddClientAddressCapture(builder.Services);

        builder.Services.AddPasswordFormRateLimits();
    }

    public static void MapAccountEndpoints(this WebApplication app) =>
        app.MapPost(LogoutPath, async (HttpContext context, IAntiforgery antiforgery, [FromForm(Name = "raison")] string? reason) =>
        {
            // The sign-in page then says why the session ended: « Vous êtes déconnecté » or the idle time; a class's
            // tablet goes back to the class's page for the next child (ClassTablet).
            var destination = ClassTablet.PagePath(context) ?? LoginPath + (reason == "inactivite" ? "?inactivite=1" : "?deconnecte=1");
            if (context.User.Identity?.IsAuthenticated != true)
            {
                // The session already ended (idle expiry): its form's token no longer matches anyone; nothing to do.
                return Results.LocalRedirect(destination);
            }

            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await context.EndSessionAsync();
            return Results.LocalRedirect(destination);
        }).DisableAntiforgery();
}
