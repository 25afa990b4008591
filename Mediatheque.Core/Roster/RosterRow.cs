using Mediatheque.Core.Users;

namespace Mediatheque.Core.Roster;

/// <summary>
/// A problem with one row of a roster, or with the whole source (line 0): where it is (the file's line,
/// the column as the file names it, or the directory entry and its attribute) and a French reason.
/// </summary>
public sealed record RosterIssue(int Line, string? Column, string Message)
{
    /// <summary>The directory entry's DN, for rows read from the federated directory.</summary>
    public string? Entry { get; init; }
}

/// <summary>
/// One person as a roster source describes them: a line of the pupils' list, or an entry of the federated
/// directory. Empty values are null; group lists are empty when the source gives none.
/// </summary>
public sealed record RosterRow(int Line)
{
    public string Nom { get; init; } = string.Empty;

    public string Prenom { get; init; } = string.Empty;

    /// <summary>The other names the row gives the person (ONDE's birth name beside the usage name that <see cref="Nom"/> holds).</summary>
    public IReadOnlyList<string> OtherNoms { get; init; } = [];

    /// <summary>The import file lists pupils only; the directory gives each entry's profile.</summary>
    public Profil Profil { get; init; } = Profil.Eleve;

    public string? Login { get; init; }

    public string? Password { get; init; }

    public string? NationalId { get; init; }

    public string? EstablishmentId { get; init; }

    public string? Email { get; init; }

    /// <summary>The pupil's legal representatives' e-mails, by position (« Email responsable 1 » and « 2 »); null: not given.</summary>
    public string? LegalRepresentative1Email { get; init; }

    public string? LegalRepresentative2Email { get; init; }

    /// <summary>« BESSON Claire »: SIECLE's list of legal representatives gives their names; the CSV does not (null).</summary>
    public string? LegalRepresentative1Name { get; init; }

    public string? LegalRepresentative2Name { get; init; }

    /// <summary>Whether the row says anything about legal representatives.</summary>
    public bool HasLegalRepresentatives =>
        LegalRepresentative1Email is not null || LegalRepresentative2Email is not null
        || LegalRepresentative1Name is not null || LegalRepresentative2Name is not null;

    public DateOnly? BirthDate { get; init; }

    /// <summary>A file gives one class; a directory entry may give several (a pupil in two classes).</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    public string? Niveau { get; init; }

    public IReadOnlyList<string> Groupes { get; init; } = [];

    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The directory's stable id of the entry (entryUUID, objectGUID); null for a file's line.</summary>
    public string? AnnuaireId { get; init; }

    /// <summary>The directory entry's DN, named in the reports; null for a file's line.</summary>
    public string? Entry { get; init; }

    /// <summary>The first class, for the preview and the credential slips.</summary>
    public string? Classe => Classes.Count > 0 ? Classes[0] : null;
}
