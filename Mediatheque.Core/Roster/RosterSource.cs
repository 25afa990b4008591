using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Roster;

/// <summary>
/// Where a roster's rows come from and what that source may decide: the pupils' list an administrator
/// imports, or the federated directory. The planner is one; the sources differ in how a row finds its
/// user, whom they may change, which groups they set and whom they deactivate.
/// </summary>
internal abstract class RosterSource
{
    /// <summary>Passwords the rows carry or the source generates; null when the source never sets one (the directory).</summary>
    public virtual RosterPasswords? Passwords => null;

    /// <summary>The source given to the users it creates.</summary>
    public abstract UserSource CreatesAs { get; }

    /// <summary>A class, level, group or option named but unknown here is created (else the row is in error).</summary>
    public abstract bool CreatesMissingGroups { get; }

    /// <summary>Users this source lists but whom no row names are deactivated.</summary>
    public abstract bool DeactivatesAbsent { get; }

    /// <summary>What the report says of a user deactivated because no row names them.</summary>
    public abstract string AbsentNote { get; }

    /// <summary>Recorded on the users this source deactivates as absent.</summary>
    public abstract UserDeactivation DeactivatesAs { get; }

    /// <summary>Whether a row naming this inactive user reactivates them.</summary>
    public virtual bool Reactivates(User user) => true;

    /// <summary>
    /// Whether rows name their people (Nom, Prénom required and applied). SIECLE's legal representatives' list names the
    /// pupil by ELEVE_ID only: its rows change representatives and nothing else.
    /// </summary>
    public virtual bool SetsNames => true;

    /// <summary>The profile the row gives a matched user: the row's, unless the source leaves what the school decided (STS-Web).</summary>
    public virtual Profil ProfilFor(User user, RosterRow row) => row.Profil;

    /// <summary>
    /// Whether a row saying anything about legal representatives gives both positions in full (SIECLE's list: a name
    /// without e-mail clears the e-mail, a missing second representative is removed), rather than e-mails that fill
    /// in what is known (the Médiathèque's CSV: an empty cell keeps it).
    /// </summary>
    public virtual bool ReplacesLegalRepresentatives => false;

    /// <summary>Whether rows set the user's groups of this type (a file sets those it has a column for).</summary>
    public abstract bool SetsGroups(GroupType type);

    /// <summary>Whether a value missing from the row is cleared (the directory is the authority) rather than kept.</summary>
    public virtual bool Clears(RosterField field) => false;

    /// <summary>How a report names a field: the file's header, or the directory's attribute.</summary>
    public abstract string FieldName(RosterField field);

    /// <summary>The user a row names among those loaded (null: a new user); adds errors when it cannot tell.</summary>
    public abstract User? Match(RosterRow row, RosterIndex index, List<RosterIssue> errors);

    /// <summary>The users this source speaks for, the candidates for deactivation when absent: the import's pupils, the directory's users.</summary>
    public abstract bool Lists(User user);

    /// <summary>Why another authority manages this user, so that the source leaves it alone and lists it apart; null when it does not.</summary>
    public virtual string? ManagedElsewhere(User user, bool absent) => null;

    /// <summary>Why this source may not change this user (an error on the row); null when it may.</summary>
    public abstract string? Refusal(User user);

    /// <summary>The error when two rows name the same user.</summary>
    public abstract string SameUser(User user, RosterRow earlier);

    public RosterIssue Issue(RosterRow row, RosterField? field, string message) =>
        new(row.Line, field is { } f ? FieldName(f) : null, message) { Entry = row.Entry };
}
