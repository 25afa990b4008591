using Mediatheque.Core.Roster;
using Mediatheque.Core.Text;

namespace Mediatheque.Core.Import;

/// <summary>The formats an import file may have: CSV ones recognised from their headers, XML ones from their root element.</summary>
public enum ImportFormat
{
    /// <summary>The pupil export of ONDE, the French primary schools' register.</summary>
    Onde = 0,

    /// <summary>The Médiathèque's own documented CSV (<see cref="ImportTemplate"/>).</summary>
    Mediatheque = 1,

    /// <summary>SIECLE's pupils (« ElevesSansAdresses.xml », « ElevesAvecAdresses.xml »): collèges and lycées.</summary>
    SiecleEleves = 2,

    /// <summary>SIECLE's legal representatives (« ResponsablesAvecAdresses.xml »).</summary>
    SiecleResponsables = 3,

    /// <summary>STS-Web's staff and their classes (« sts_emp_UAI_AAAA.xml »).</summary>
    StsWeb = 4,
}

public static class ImportFormatLabels
{
    /// <summary>How the preview and the journal name a file's format.</summary>
    public static string Label(this ImportFormat? format) => format switch
    {
        ImportFormat.Onde => "export élèves ONDE",
        ImportFormat.Mediatheque => "modèle de la Médiathèque",
        ImportFormat.SiecleEleves => "export élèves SIECLE",
        ImportFormat.SiecleResponsables => "export des responsables SIECLE",
        ImportFormat.StsWeb => "export STS-Web",
        _ => "format non reconnu",
    };
}

public static class ImportHeaders
{
    // Keys are folded (TextFolding) with the spaces removed: « Nom d’usage Elève » → « nomdusageeleve ».
    // Order matters where several headers feed one column: ONDE's usage name wins over the birth name.
    private static readonly (string Key, RosterField Column)[] Aliases =
    [
        ("nomdusageeleve", RosterField.Nom),
        ("nomeleve", RosterField.Nom),
        ("nom", RosterField.Nom),
        ("prenomeleve", RosterField.Prenom),
        ("prenom", RosterField.Prenom),
        ("identifiant", RosterField.Login),
        ("identifiantdeconnexion", RosterField.Login),
        ("motdepasse", RosterField.Password),
        ("ine", RosterField.NationalId),
        ("idnational", RosterField.NationalId),
        ("identifiantnational", RosterField.NationalId),
        ("idetablissement", RosterField.EstablishmentId),
        ("identifiantetablissement", RosterField.EstablishmentId),
        ("email", RosterField.Email),
        ("courriel", RosterField.Email),
        ("datenaissance", RosterField.BirthDate),
        ("datedenaissance", RosterField.BirthDate),
        ("classe", RosterField.Classe),
        ("libelleclasse", RosterField.Classe),
        ("niveau", RosterField.Niveau),
        ("regroupements", RosterField.Groupes),
        ("regroupement", RosterField.Groupes),
        ("groupes", RosterField.Groupes),
        ("groupe", RosterField.Groupes),
        ("options", RosterField.Options),
        ("option", RosterField.Options),
        ("cycle", RosterField.Ignored),
        ("emailresponsable1", RosterField.LegalRepresentative1Email),
        ("emailresponsablelegal1", RosterField.LegalRepresentative1Email),
        ("courrielresponsable1", RosterField.LegalRepresentative1Email),
        ("emailresponsable2", RosterField.LegalRepresentative2Email),
        ("emailresponsablelegal2", RosterField.LegalRepresentative2Email),
        ("courrielresponsable2", RosterField.LegalRepresentative2Email),
    ];

    private static readonly HashSet<string> OndeOnly = ["nomdusageeleve", "nomeleve", "prenomeleve"];

    /// <summary>
    /// Header matching ignores case, accents, spaces and apostrophes (straight or curly), so that
    /// « Prénom Elève », « PRENOM ELEVE » and « Nom d’usage Elève » are recognised.
    /// </summary>
    public static string Key(string header) => TextFolding.Fold(header).Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>The column a header feeds and its priority (lower wins), or null for an unknown header.</summary>
    public static (RosterField Column, int Priority)? Recognise(string header)
    {
        var key = Key(header);
        for (var i = 0; i < Aliases.Length; i++)
        {
            if (Aliases[i].Key == key)
            {
                return (Aliases[i].Column, i);
            }
        }

        return null;
    }

    public static bool IsOndeHeader(string header) => OndeOnly.Contains(Key(header));
}
