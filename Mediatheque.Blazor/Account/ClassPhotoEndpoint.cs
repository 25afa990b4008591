using Mediatheque.Core.PictureSignIn;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// The photos on a class's picture sign-in page (<c>/classe/{code}</c>, Components/PictureSignIn): served one by one
/// (a class's photos inline would make every visit of the page megabytes), only for a pupil shown on that address's
/// page, and kept by the tablet's own cache only. They are not counted by the sign-in rate limit: a page asks for one
/// per pupil, and the address they need is the page's own.
/// </summary>
public static class ClassPhotoEndpoint
{
    public const string ClassPath = "/classe";

    public static void MapClassPhotos(this WebApplication app) =>
        app.MapGet(ClassPath + "/{code}/photo/{userId:int}", async (string code, int userId, HttpContext context, PictureSignInService pictures) =>
        {
            var photo = await pictures.PhotoAsync(code, userId, context.RequestAborted);
            context.Response.Headers.CacheControl = "private, max-age=600";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return photo is null ? Results.NotFound() : Results.Bytes(photo.Content, photo.ContentType);
        }).AllowAnonymous();

    /// <summary>Every request under <c>/classe</c> but a photo: the class page, however its address is spelt.</summary>
    public static bool IsClassPage(PathString path)
    {
        if (!path.StartsWithSegments(ClassPath, StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return false;
        }

        var segments = rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return segments is not [_, var photo, _] || !string.Equals(photo, "photo", StringComparison.OrdinalIgnoreCase);
    }
}
