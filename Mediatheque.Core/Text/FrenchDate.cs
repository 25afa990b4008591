using System.Globalization;
using System.Text.RegularExpressions;

namespace Mediatheque.Core.Text;

/// <summary>
/// A date as people type it in a French school (« 03/09/2015 », also 3/9/2015, 03.09.2015, 03-09-2015 or 2015-09-03),
/// with a reason when it is not one: a date that cannot exist (31/02) is called impossible, not unreadable.
/// </summary>
public static partial class FrenchDate
{
    public const string Expected = "JJ/MM/AAAA";

    private static readonly string[] MonthNames =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>The date, or null with the French reason in <paramref name="error"/>.</summary>
    public static DateOnly? Parse(string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        int day, month, year;
        if (DayFirst().Match(trimmed) is { Success: true } dayFirst)
        {
            (day, month, year) = (Number(dayFirst, "day"), Number(dayFirst, "month"), Number(dayFirst, "year"));
        }
        else if (YearFirst().Match(trimmed) is { Success: true } yearFirst)
        {
            (day, month, year) = (Number(yearFirst, "day"), Number(yearFirst, "month"), Number(yearFirst, "year"));
        }
        else
        {
            error = $"Date illisible : « {trimmed} » (attendu : {Expected}).";
            return null;
        }

        if (month is < 1 or > 12 || year < 1)
        {
            error = $"Date impossible : « {trimmed} » (il n'y a pas de mois {month}).";
            return null;
        }

        var days = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > days)
        {
            error = $"Date impossible : « {trimmed} » ({MonthNames[month - 1]} {year} a {days} jours).";
            return null;
        }

        return new DateOnly(year, month, day);
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<day>\d{1,2})[/.\-](?<month>\d{1,2})[/.\-](?<year>\d{4})$")]
    private static partial Regex DayFirst();

    [GeneratedRegex(@"^(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})$")]
    private static partial Regex YearFirst();
}
