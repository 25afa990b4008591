using System.Globalization;

namespace Mediatheque.Blazor.Schools;

/// <summary>
/// The school is in the page's address: « /ecoles/3/utilisateurs » is school 3's users, so a copied link opens the same
/// school and two tabs can show two schools. The prefix becomes the request's path base (as UsePathBase does) and the
/// page's <c>&lt;base href&gt;</c>: the router, the circuit (« /ecoles/3/_blazor »), static files and every relative link
/// stay inside the school without each page knowing it. Today's addresses (« /utilisateurs ») keep working: they name no
/// school, and SchoolContext takes the person's only one (or asks which).
/// </summary>
public static class SchoolAddress
{
    public const string Segment = "/ecoles";

    /// <summary>The base of a school's pages, e.g. « /ecoles/3/ ».</summary>
    public static string BaseOf(int schoolId) => $"{Segment}/{schoolId.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>A page of a school: <paramref name="relativePath"/> is what follows its base (« utilisateurs »).</summary>
    public static string Of(int schoolId, string relativePath) => BaseOf(schoolId) + relativePath.TrimStart('/');

    /// <summary>The school a path base or a base address names (« /ecoles/3 », « http://h/ecoles/3/ »); null when none.</summary>
    public static int? SchoolOf(string? pathOrUrl)
    {
        if (string.IsNullOrEmpty(pathOrUrl))
        {
            return null;
        }

        var path = Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var uri) ? uri.AbsolutePath : pathOrUrl;
        return TrySplit(path, out var schoolId, out _) ? schoolId : null;
    }

    /// <summary>
    /// The pages that belong to no school: the platform's, the account's and the error pages. Any other page is a school's
    /// and needs to know which one.
    /// </summary>
    public static bool NeedsSchool(string relativePath)
    {
        var first = relativePath.Split('/', '?', '#')[0];
        return first is not ("plateforme" or "compte" or "connexion" or "deconnexion" or "carte" or "acces-refuse" or "introuvable" or "erreur");
    }

    /// <summary>
    /// First in the pipeline (before routing): « /ecoles/3/… » is served as « /… » with « /ecoles/3 » as its path base;
    /// « /ecoles/3 » alone goes to « /ecoles/3/ », whose relative links would otherwise leave the school.
    /// </summary>
    public static void UseSchoolAddresses(this WebApplication app) =>
        app.Use((context, next) =>
        {
            if (TrySplit(context.Request.Path.Value, out var schoolId, out var rest))
            {
                if (rest.Length == 0)
                {
                    context.Response.Redirect(context.Request.PathBase + BaseOf(schoolId) + context.Request.QueryString);
                    return Task.CompletedTask;
                }

                context.Request.PathBase = context.Request.PathBase.Add(new PathString(BaseOf(schoolId).TrimEnd('/')));
                context.Request.Path = new PathString(rest);
            }

            return next(context);
        });

    /// <summary>« /ecoles/3/utilisateurs » → 3 and « /utilisateurs »; « /ecoles/3 » → 3 and « ».</summary>
    private static bool TrySplit(string? path, out int schoolId, out string rest)
    {
        schoolId = 0;
        rest = string.Empty;
        if (path is null || !path.StartsWith(Segment + "/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var after = path[(Segment.Length + 1)..];
        var slash = after.IndexOf('/');
        var number = slash < 0 ? after : after[..slash];
        if (number.Length is 0 or > 9 || !number.All(char.IsAsciiDigit) || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out schoolId) || schoolId == 0)
        {
            return false;
        }

        rest = slash < 0 ? string.Empty : after[slash..];
        return true;
    }
}
