using Mediatheque.Core.Schools;
using Mediatheque.Core.Text;

namespace Mediatheque.Core.Roster;

/// <summary>
/// Issue 21's safety brake: a plan that would empty the school is refused unless the administrator types the school's
/// name. None of the reference tools has one (the Edifice ENT once pre-deleted every user from an empty CSV): here a plan
/// where more than half of the school's actif pupils would leave, a list with no pupil, or a list of an older school year
/// than the last applied is stopped, with its figures.
/// </summary>
internal static class RosterBrake
{
    /// <param name="wholeList">The source is the school's whole list (absent pupils leave): an empty list, or one making most
    /// pupils leave, is braked. A file of staff or of legal representatives is braked for its year only.</param>
    public static string? Check(RosterPlan plan, School school, int? sourceYear, bool wholeList)
    {
        var confirm = $" Pour appliquer quand même, tapez le nom de l'école : « {school.Name} ».";
        if (sourceYear is { } year && school.LastRosterYear is { } last && year < last)
        {
            return $"Ce fichier est de l'année scolaire {year}-{year + 1}, plus ancienne que la dernière appliquée ({last}-{last + 1}) : "
                + "vérifiez que c'est bien le fichier de cette année." + confirm;
        }

        if (!wholeList)
        {
            return null;
        }

        if (plan.PupilRows == 0)
        {
            return "Le fichier ne contient aucun élève : vérifiez que c'est bien la liste de l'école." + confirm;
        }

        if (plan.LeavingPupils * 2 > plan.ActivePupils && plan.LeavingPupils > 0)
        {
            return $"{FrenchCount.Number(plan.LeavingPupils)} élèves sur {FrenchCount.Number(plan.ActivePupils)} quitteraient l'école : "
                + "vérifiez que le fichier est bien la liste complète de l'école pour la nouvelle année." + confirm;
        }

        return null;
    }

    /// <summary>The typed name, ignoring case, accents and spaces around it.</summary>
    public static bool Confirmed(string? typed, School school) =>
        typed is not null && TextFolding.Fold(typed.Trim()) == TextFolding.Fold(school.Name.Trim());

    /// <summary>
    /// The school year the school's lists have reached, saved with the plan: a newer year's list moves it on, an older one
    /// (applied after typing the school's name) leaves it, so that the next file of that older year is braked again.
    /// </summary>
    public static void Remember(School school, int? sourceYear)
    {
        if (sourceYear is { } year && (school.LastRosterYear is null || year > school.LastRosterYear))
        {
            school.LastRosterYear = year;
        }
    }
}
