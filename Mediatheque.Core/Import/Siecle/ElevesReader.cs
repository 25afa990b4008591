using System.Xml;
using System.Xml.Linq;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Import.Siecle;

/// <summary>
/// SIECLE's pupils (root BEE_ELEVES): each ELEVE becomes a row, its division (STRUCTURE of TYPE_STRUCTURE D) the class
/// and its TYPE G structures its groups. The structures come after the pupils in the file, keyed by ELEVE_ID: both are
/// kept small (a few strings per pupil) until the end, then joined.
/// </summary>
internal static class ElevesReader
{
    private static readonly HashSet<string> Elements = ["PARAMETRES", "ELEVE", "STRUCTURES_ELEVE"];

    private sealed record Pupil(int Line, string? EleveId, string Nom, string NameElement, string Prenom, string? Ine,
        string? BirthDate, string? LeftOn, string? Mef)
    {
        public string FullName => SiecleReader.FullName(Nom, Prenom);
    }

    private sealed class Structures
    {
        public List<string> Divisions { get; } = [];

        public List<string> Groups { get; } = [];
    }

    public static ImportFile Read(string fileName, XmlReader xml, DateOnly today)
    {
        string? uai = null, year = null;
        var pupils = new List<Pupil>();
        var structures = new Dictionary<string, Structures>(StringComparer.Ordinal);
        SiecleReader.Each(xml, Elements, (element, line) =>
        {
            switch (element.Name.LocalName)
            {
                case "PARAMETRES":
                    (uai, year) = (SiecleReader.Text(element, "UAJ"), SiecleReader.Text(element, "ANNEE_SCOLAIRE"));
                    break;
                case "ELEVE":
                    pupils.Add(ToPupil(element, line));
                    break;
                case "STRUCTURES_ELEVE" when element.Attribute("ELEVE_ID")?.Value.Trim() is { Length: > 0 } id:
                    var of = structures.TryGetValue(id, out var known) ? known : structures[id] = new Structures();
                    foreach (var structure in element.Elements("STRUCTURE"))
                    {
                        var list = SiecleReader.Text(structure, "TYPE_STRUCTURE") == "D" ? of.Divisions : of.Groups;
                        if (SiecleReader.Text(structure, "CODE_STRUCTURE") is { } code && !list.Contains(code))
                        {
                            list.Add(code);
                        }
                    }

                    break;
            }
        });

        var issues = new List<RosterIssue>();
        var skipped = new List<ImportSkip>();
        var rows = new List<RosterRow>();
        var present = new List<Pupil>();
        foreach (var pupil in pupils)
        {
            if (pupil.LeftOn is { } leftText && FrenchDate.Parse(leftText, out _) is { } left && left <= today)
            {
                skipped.Add(new ImportSkip(pupil.Line, pupil.FullName, $"sorti le {left:dd/MM}"));
                continue;
            }

            present.Add(pupil);
            rows.Add(ToRow(pupil, structures.GetValueOrDefault(pupil.EleveId ?? string.Empty), issues));
        }

        FlagIne(present, issues);
        issues.Sort((a, b) => a.Line.CompareTo(b.Line));
        var nameElement = pupils.Select(p => p.NameElement).FirstOrDefault() ?? "NOM_DE_FAMILLE";
        var headers = new Dictionary<RosterField, string>
        {
            [RosterField.Nom] = nameElement,
            [RosterField.Prenom] = "PRENOM",
            [RosterField.NationalId] = "ID_NATIONAL",
            [RosterField.EstablishmentId] = "ELEVE_ID",
            [RosterField.BirthDate] = "DATE_NAISS",
            [RosterField.Classe] = "Division",
            [RosterField.Groupes] = "Groupes",
            [RosterField.Niveau] = "CODE_MEF",
        };
        return new ImportFile(fileName, ImportFormat.SiecleEleves, string.Empty, headers, rows, issues)
        {
            Uai = uai?.ToUpperInvariant(),
            SchoolYear = SiecleReader.SchoolYear(year),
            Skipped = skipped,
        };
    }

    private static Pupil ToPupil(XElement eleve, int line)
    {
        // Older exports name the birth name NOM, newer ones NOM_DE_FAMILLE; the usage name wins as in ONDE.
        var nameElement = eleve.Element("NOM_DE_FAMILLE") is not null ? "NOM_DE_FAMILLE" : "NOM";
        var nom = SiecleReader.Text(eleve, "NOM_USAGE") ?? SiecleReader.Text(eleve, nameElement) ?? string.Empty;
        return new Pupil(line, eleve.Attribute("ELEVE_ID")?.Value.Trim(), nom, nameElement, SiecleReader.Text(eleve, "PRENOM") ?? string.Empty,
            SiecleReader.Text(eleve, "ID_NATIONAL"), SiecleReader.Text(eleve, "DATE_NAISS"), SiecleReader.Text(eleve, "DATE_SORTIE"),
            SiecleReader.Text(eleve, "CODE_MEF"));
    }

    private static RosterRow ToRow(Pupil pupil, Structures? structures, List<RosterIssue> issues)
    {
        if (pupil.Nom.Length == 0)
        {
            issues.Add(new RosterIssue(pupil.Line, pupil.NameElement, $"Élève sans nom (ELEVE_ID {pupil.EleveId}) : non importé."));
        }

        if (pupil.Prenom.Length == 0)
        {
            issues.Add(new RosterIssue(pupil.Line, "PRENOM", $"{pupil.FullName} n'a pas de prénom : non importé."));
        }

        DateOnly? birthDate = null;
        if (pupil.BirthDate is { } text)
        {
            birthDate = FrenchDate.Parse(text, out var error);
            if (error is not null)
            {
                issues.Add(new RosterIssue(pupil.Line, "DATE_NAISS", $"{pupil.FullName} : {error}"));
            }
        }

        return new RosterRow(pupil.Line)
        {
            Nom = pupil.Nom,
            Prenom = pupil.Prenom,
            Profil = Profil.Eleve,
            NationalId = pupil.Ine,
            EstablishmentId = pupil.EleveId is { Length: > 0 } id ? id : null,
            BirthDate = birthDate,
            Classes = structures?.Divisions ?? [],
            Groupes = structures?.Groups ?? [],
            Niveau = MefLevels.Of(pupil.Mef),
        };
    }

    /// <summary>
    /// A pupil without INE cannot be followed from one year to the next; two with one INE, the file does not say which is
    /// right: neither is imported, each reported by name and line.
    /// </summary>
    private static void FlagIne(List<Pupil> pupils, List<RosterIssue> issues)
    {
        foreach (var pupil in pupils.Where(p => p.Ine is null))
        {
            issues.Add(new RosterIssue(pupil.Line, "ID_NATIONAL", $"{pupil.FullName} n'a pas d'INE (ID_NATIONAL) : non importé."));
        }

        foreach (var twins in pupils.Where(p => p.Ine is not null).GroupBy(p => p.Ine!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            foreach (var pupil in twins)
            {
                var others = string.Join(", ", twins.Where(p => p != pupil).Select(p => $"{p.FullName} ligne {p.Line}"));
                issues.Add(new RosterIssue(pupil.Line, "ID_NATIONAL",
                    $"INE « {twins.Key} » de {pupil.FullName} en double dans le fichier (aussi {others}) : aucun n'est importé."));
            }
        }
    }
}
