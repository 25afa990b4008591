namespace Mediatheque.Core.Roster;

/// <summary>
/// What a value of a roster row is, whatever its source calls it: an import file's column
/// (« Nom Elève ») or a directory attribute (« sn »).
/// </summary>
public enum RosterField
{
    Nom,
    Prenom,
    Login,
    Password,
    NationalId,
    EstablishmentId,
    Email,
    BirthDate,
    Classe,
    Niveau,
    Groupes,
    Options,
    Profil,

    /// <summary>A pupil's first legal representative's e-mail (« Email responsable 1 »), for notices.</summary>
    LegalRepresentative1Email,

    /// <summary>« Email responsable 2 ».</summary>
    LegalRepresentative2Email,

    /// <summary>Known but not imported (ONDE's « Cycle »).</summary>
    Ignored,
}

public static class RosterFieldLabels
{
    /// <summary>How the page and the errors name a field when its source did not (e.g. a column the file lacks).</summary>
    public static string Label(this RosterField field) => field switch
    {
        RosterField.Nom => "Nom",
        RosterField.Prenom => "Prénom",
        RosterField.Login => "Identifiant",
        RosterField.Password => "Mot de passe",
        RosterField.NationalId => "Id National",
        RosterField.EstablishmentId => "Id Établissement",
        RosterField.Email => "Email",
        RosterField.BirthDate => "Date de naissance",
        RosterField.Classe => "Classe",
        RosterField.Niveau => "Niveau",
        RosterField.Groupes => "Groupes",
        RosterField.Options => "Options",
        RosterField.Profil => "Profil",
        RosterField.LegalRepresentative1Email => "Email responsable 1",
        RosterField.LegalRepresentative2Email => "Email responsable 2",
        _ => field.ToString(),
    };
}
