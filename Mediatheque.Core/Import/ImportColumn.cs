using Mediatheque.Core.Text;

namespace Mediatheque.Core.Import;

/// <summary>The two formats an import file may have, recognised from its headers.</summary>
public enum ImportFormat
{
    /// <summary>The pupil export of ONDE, the French primary schools' register.</summary>
    Onde = 0,

    /// <summary>The Médiathèque's own documented CSV (<see cref="ImportTemplate"/>).</summary>
    Mediatheque = 1,
}

/// <summary>What a column of an import file holds, whatever its header says.</summary>
public enum ImportColumn
{
    Nom,
    Prenom,
    Login,
    Password,
    NationalId,
    SchoolId,
    Email,
    BirthDate,
    Classe,
    Niveau,
    Groupes,
    Options,

    /// <summary>Known but not imported (ONDE's « Cycle »).</summary>
    Ignored,
}

public static class ImportHeaders
{
    // Keys are folded (TextFolding) with the spaces removed: « Nom d’usage Elève » → « nomdusageeleve ».
    // Order matters where several headers feed one column: ONDE's usage name wins over the birth name.
    private static readonly (string Key, ImportColumn Column)[] Aliases =
    [
        ("nomdusageeleve", ImportColumn.Nom),
        ("nomeleve", ImportColumn.Nom),
        ("nom", ImportColumn.Nom),
        ("prenomeleve", ImportColumn.Prenom),
        ("prenom", ImportColumn.Prenom),
        ("identifiant", ImportColumn.Login),
        ("identifiantdeconnexion", ImportColumn.Login),
        ("motdepasse", ImportColumn.Password),
        ("ine", ImportColumn.NationalId),
        ("idnational", ImportColumn.NationalId),
        ("identifiantnational", ImportColumn.NationalId),
        ("idetablissement", ImportColumn.SchoolId),
        ("identifiantetablissement", ImportColumn.SchoolId),
        ("email", ImportColumn.Email),
        ("courriel", ImportColumn.Email),
        ("datenaissance", ImportColumn.BirthDate),
        ("datedenaissance", ImportColumn.BirthDate),
        ("classe", ImportColumn.Classe),
        ("libelleclasse", ImportColumn.Classe),
        ("niveau", ImportColumn.Niveau),
        ("regroupements", ImportColumn.Groupes),
        ("regroupement", ImportColumn.Groupes),
        ("groupes", ImportColumn.Groupes),
        ("groupe", ImportColumn.Groupes),
        ("options", ImportColumn.Options),
        ("option", ImportColumn.Options),
        ("cycle", ImportColumn.Ignored),
    ];

    private static readonly HashSet<string> OndeOnly = ["nomdusageeleve", "nomeleve", "prenomeleve"];

    /// <summary>
    /// Header matching ignores case, accents, spaces and apostrophes (straight or curly), so that
    /// « Prénom Elève », « PRENOM ELEVE » and « Nom d’usage Elève » are recognised.
    /// </summary>
    public static string Key(string header) => TextFolding.Fold(header).Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>The column a header feeds and its priority (lower wins), or null for an unknown header.</summary>
    public static (ImportColumn Column, int Priority)? Recognise(string header)
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

    /// <summary>How the page and the errors name a column when the file did not (e.g. a column it lacks).</summary>
    public static string Label(this ImportColumn column) => column switch
    {
        ImportColumn.Nom => "Nom",
        ImportColumn.Prenom => "Prénom",
        ImportColumn.Login => "Identifiant",
        ImportColumn.Password => "Mot de passe",
        ImportColumn.NationalId => "Id National",
        ImportColumn.SchoolId => "Id Établissement",
        ImportColumn.Email => "Email",
        ImportColumn.BirthDate => "Date de naissance",
        ImportColumn.Classe => "Classe",
        ImportColumn.Niveau => "Niveau",
        ImportColumn.Groupes => "Groupes",
        ImportColumn.Options => "Options",
        _ => column.ToString(),
    };
}
