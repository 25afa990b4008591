using System.Globalization;
using Mediatheque.Blazor.Account;
using Mediatheque.Core.Audit;

namespace Mediatheque.Blazor.Components.Journal;

/// <summary>
/// « Exporter ces entrées (CSV) »: the journal as filtered on the page, over HTTP for this one request (a data: link
/// would keep a year of sign-ins in the circuit's memory for as long as the page stays open). Core checks the
/// administrator again, in the school of the address. Built in a buffer: the CSV writer writes synchronously, which Kestrel refuses on a response.
/// </summary>
public static class JournalExport
{
    public const string Path = "/journal/export.csv";

    /// <summary>The page's link: relative, so that it stays in the page's school (« /ecoles/3/journal/export.csv »).</summary>
    public const string Link = "journal/export.csv";

    public const string FileName = "journal.csv";

    public static void MapJournalExport(this WebApplication app) =>
        app.MapGet(Path, async (HttpContext context, Core.Audit.Journal journal, string? du, string? au, string? par, string? concerne, string? action) =>
        {
            // A year of names, logins and addresses: kept by no browser cache or proxy once downloaded.
            context.Response.Headers.CacheControl = "no-store";
            var query = new JournalQuery(Day(du), Day(au), par, concerne,
                Enum.TryParse<AuditAction>(action, out var chosen) && Enum.IsDefined(chosen) ? chosen : null);
            using var buffer = new MemoryStream();
            // The school of the address (« /ecoles/3/journal/export.csv »), and the person's row there, as on the page.
            var school = await Mediatheque.Blazor.Schools.SchoolContext.ForRequestAsync(context);
            if (await journal.ExportAsync(school.Current?.UserId ?? 0, query, buffer, context.RequestAborted) is { } refusal)
            {
                return Results.Text(refusal, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.File(buffer.ToArray(), "text/csv; charset=utf-8", FileName);
        }).RequireAuthorization(Policies.Administer);

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
