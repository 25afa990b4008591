using System.Xml;
using System.Xml.Linq;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Import.Siecle;

/// <summary>
/// STS-Web's staff and timetable (root STS_EDT): the teachers (FONCTION ENS) become ENSEIGNANT joined to the divisions
/// whose services name them; the direction (DIR) ADMINISTRATEUR SECONDAIRE, kept only when the administrator asks for it at
/// planning (<see cref="StsSource.Rows"/>); every other function (CPE, documentaliste…) is listed and left out, so that an
/// account made by hand for them stays as it is.
/// </summary>
internal static class StsReader
{
    /// <summary>Kept on the user as their Id Établissement, prefixed so that it never meets a SIECLE ELEVE_ID.</summary>
    public const string IdPrefix = "STS-";

    private static readonly HashSet<string> Elements = ["PARAMETRES", "DIVISION", "INDIVIDU"];

    private sealed record Person(int Line, string Id, string? Type, string Nom, string Prenom, string? BirthDate, string? Function);

    public static ImportFile Read(string fileName, XmlReader xml)
    {
        string? uai = null, year = null;
        var people = new List<Person>();
        var divisionsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        SiecleReader.Each(xml, Elements, (element, line) =>
        {
            switch (element.Name.LocalName)
            {
                case "PARAMETRES":
                    uai = element.Element("UAJ")?.Attribute("CODE")?.Value.Trim();
                    year = element.Element("ANNEE_SCOLAIRE")?.Attribute("ANNEE")?.Value.Trim();
                    break;
                case "DIVISION" when element.Attribute("CODE")?.Value.Trim() is { Length: > 0 } division:
                    foreach (var teacher in element.Descendants("ENSEIGNANT").Select(e => e.Attribute("ID")?.Value.Trim()).OfType<string>())
                    {
                        var list = divisionsOf.TryGetValue(teacher, out var known) ? known : divisionsOf[teacher] = [];
                        if (!list.Contains(division))
                        {
                            list.Add(division);
                        }
                    }

                    break;
                case "INDIVIDU" when element.Attribute("ID")?.Value.Trim() is { Length: > 0 } id:
                    people.Add(new Person(line, id, element.Attribute("TYPE")?.Value.Trim(),
                        SiecleReader.Text(element, "NOM_USAGE") ?? SiecleReader.Text(element, "NOM_PATRONYMIQUE") ?? string.Empty,
                        SiecleReader.Text(element, "PRENOM") ?? string.Empty, SiecleReader.Text(element, "DATE_NAISSANCE"),
                        SiecleReader.Text(element, "FONCTION")));
                    break;
            }
        });

        var rows = new List<RosterRow>();
        var issues = new List<RosterIssue>();
        var skipped = new List<ImportSkip>();
        foreach (var person in people)
        {
            var name = SiecleReader.FullName(person.Nom, person.Prenom);
            Profil? profil = person.Function switch
            {
                _ when person.Type is not ("epp" or null) => null,
                "ENS" => Profil.Enseignant,
                "DIR" => Profil.AdministrateurSecondaire,
                _ => null,
            };
            if (profil is not { } staff)
            {
                skipped.Add(new ImportSkip(person.Line, name, Skipped(person)));
                continue;
            }

            rows.Add(ToRow(person, staff, divisionsOf.GetValueOrDefault(person.Id) ?? [], issues));
        }

        issues.Sort((a, b) => a.Line.CompareTo(b.Line));
        var headers = new Dictionary<RosterField, string>
        {
            [RosterField.Nom] = "NOM_USAGE",
            [RosterField.Prenom] = "PRENOM",
            [RosterField.EstablishmentId] = "ID",
            [RosterField.BirthDate] = "DATE_NAISSANCE",
            [RosterField.Classe] = "DIVISION",
            [RosterField.Profil] = "FONCTION",
        };
        return new ImportFile(fileName, ImportFormat.StsWeb, string.Empty, headers, rows, issues)
        {
            Uai = uai?.ToUpperInvariant(),
            SchoolYear = SiecleReader.SchoolYear(year),
            Skipped = skipped,
        };
    }

    private static string Skipped(Person person) => person switch
    {
        { Type: not ("epp" or null) } => $"pas un personnel de l'établissement (TYPE « {person.Type} ») : non importé",
        { Function: "EDU" } => "CPE (EDU) : non importé",
        { Function: "DOC" } => "documentaliste (DOC) : non importé",
        { Function: null } => "sans fonction : non importé",
        _ => $"fonction {person.Function} : non importé",
    };

    private static RosterRow ToRow(Person person, Profil profil, List<string> divisions, List<RosterIssue> issues)
    {
        var name = SiecleReader.FullName(person.Nom, person.Prenom);
        if (person.Nom.Length == 0 || person.Prenom.Length == 0)
        {
            issues.Add(new RosterIssue(person.Line, person.Nom.Length == 0 ? "NOM_USAGE" : "PRENOM",
                $"Personnel sans nom ou sans prénom (ID {person.Id}, {name}) : non importé."));
        }

        DateOnly? birthDate = null;
        if (person.BirthDate is { } text)
        {
            birthDate = FrenchDate.Parse(text, out var error);
            if (error is not null)
            {
                issues.Add(new RosterIssue(person.Line, "DATE_NAISSANCE", $"{name} : {error}"));
            }
        }

        return new RosterRow(person.Line)
        {
            Nom = person.Nom,
            Prenom = person.Prenom,
            Profil = profil,
            EstablishmentId = IdPrefix + person.Id,
            BirthDate = birthDate,
            Classes = divisions,
        };
    }
}
