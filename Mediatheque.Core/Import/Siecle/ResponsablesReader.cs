using System.Xml;
using Mediatheque.Core.Roster;

namespace Mediatheque.Core.Import.Siecle;

/// <summary>
/// SIECLE's legal representatives (root BEE_RESPONSABLES): one row per pupil (by ELEVE_ID, no name: the pupils' file gives
/// those) carrying the name and e-mail of their legal representatives of level 1, at most two. Older files say RESP_LEGAL
/// 1 or 2 (the position), newer ones NIVEAU_RESPONSABILITE 1 (positions in the file's order); other levels (a person in
/// charge, a contact) are not legal representatives and are left out.
/// </summary>
internal static class ResponsablesReader
{
    private static readonly HashSet<string> Elements = ["PARAMETRES", "RESPONSABLE_ELEVE", "PERSONNE"];

    private sealed record Link(int Line, string EleveId, string PersonneId, int? Position);

    private sealed record Person(string Name, string? Email);

    public static ImportFile Read(string fileName, XmlReader xml)
    {
        string? uai = null, year = null;
        var links = new List<Link>();
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        SiecleReader.Each(xml, Elements, (element, line) =>
        {
            switch (element.Name.LocalName)
            {
                case "PARAMETRES":
                    (uai, year) = (SiecleReader.Text(element, "UAJ"), SiecleReader.Text(element, "ANNEE_SCOLAIRE"));
                    break;
                case "PERSONNE" when element.Attribute("PERSONNE_ID")?.Value.Trim() is { Length: > 0 } id:
                    var name = SiecleReader.FullName(SiecleReader.Text(element, "NOM") ?? string.Empty, SiecleReader.Text(element, "PRENOM") ?? string.Empty);
                    people[id] = new Person(name, SiecleReader.Text(element, "MEL"));
                    break;
                case "RESPONSABLE_ELEVE":
                    var respLegal = SiecleReader.Text(element, "RESP_LEGAL");
                    var isLegal = respLegal is "1" or "2" || (respLegal is null && SiecleReader.Text(element, "NIVEAU_RESPONSABILITE") == "1");
                    if (isLegal && SiecleReader.Text(element, "ELEVE_ID") is { } eleveId && SiecleReader.Text(element, "PERSONNE_ID") is { } personneId)
                    {
                        links.Add(new Link(line, eleveId, personneId, respLegal switch { "1" => 1, "2" => 2, _ => null }));
                    }

                    break;
            }
        });

        var rows = new List<RosterRow>();
        foreach (var pupil in links.GroupBy(l => l.EleveId, StringComparer.Ordinal))
        {
            // RESP_LEGAL says the position; NIVEAU_RESPONSABILITE does not, so the file's order does.
            var ordered = pupil.OrderBy(l => l.Position ?? int.MaxValue).Take(2).Select(l => people.GetValueOrDefault(l.PersonneId)).ToList();
            Person? first = ordered.ElementAtOrDefault(0), second = ordered.ElementAtOrDefault(1);
            rows.Add(new RosterRow(pupil.First().Line)
            {
                EstablishmentId = pupil.Key,
                LegalRepresentative1Name = first?.Name,
                LegalRepresentative1Email = first?.Email,
                LegalRepresentative2Name = second?.Name,
                LegalRepresentative2Email = second?.Email,
            });
        }

        var headers = new Dictionary<RosterField, string>
        {
            [RosterField.EstablishmentId] = "ELEVE_ID",
            [RosterField.LegalRepresentative1Email] = "MEL",
            [RosterField.LegalRepresentative2Email] = "MEL",
        };
        return new ImportFile(fileName, ImportFormat.SiecleResponsables, string.Empty, headers, rows, [])
        {
            Uai = uai?.ToUpperInvariant(),
            SchoolYear = SiecleReader.SchoolYear(year),
        };
    }
}
