using System.Threading.RateLimiting;
using Mediatheque.Core.Accounts;
using Microsoft.Extensions.Options;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// The forms that check a password, limited per minute: sign-in per client address (a school signs in from one
/// address, so the limit lets a whole class in; the lockout is what stops guessing), « Changer mon mot de passe »
/// per signed-in user. Past the limit the answer is 429 with a French sentence, before any password is hashed.
/// </summary>
public static class RateLimits
{
    public static void AddPasswordFormRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value;
                return IsSignIn(context.Request)
                    ? PerMinute("connexion:" + (context.Connection.RemoteIpAddress?.ToString() ?? "inconnue"), settings.PostsPerMinutePerAddress)
                    : IsPost(context.Request, AccountSetup.ChangePasswordPath)
                        ? PerMinute("mot-de-passe:" + (context.User.AccountId()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "anonyme"),
                            settings.PasswordChangePostsPerMinute)
                        : RateLimitPartition.GetNoLimiter("autre");
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(IsSignIn(context.HttpContext.Request)
                    ? "Trop de tentatives de connexion depuis cette adresse. Patientez une minute puis réessayez."
                    : "Trop de tentatives de changement de mot de passe. Patientez une minute puis réessayez.", cancellationToken);
            };
        });

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
        });

    /// <summary>
    /// The sign-in form's post, a QR card's address, or a class's picture sign-in page (each of its requests: the
    /// address is tried there, a sequence posted there): they sign in too, under the same limit per address.
    /// </summary>
    private static bool IsSignIn(HttpRequest request) =>
        IsPost(request, AccountSetup.LoginPath) || request.Path.StartsWithSegments(LoginCardEndpoint.Path, StringComparison.OrdinalIgnoreCase)
        || ClassPhotoEndpoint.IsClassPage(request.Path);

    private static bool IsPost(HttpRequest request, string path) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase);
}
