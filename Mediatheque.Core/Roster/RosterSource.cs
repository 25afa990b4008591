using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Roster;

/// <summary>The user a row names, and why (« Même INE »): the preview explains each pupil's match.</summary>
internal sealed record RosterMatch(User User, string Reason);

/// <summary>
/// Where a roster's rows come from and what that source may decide: the pupils' list an administrator
/// imports, or the federated directory. The planner is one; the sources differ in how a row finds its
/// user, whom they may change, which groups they set and whom they make leave.
/// </summary>
internal abstract class RosterSource
{
    /// <summary>Passwords the rows carry or the source generates; null when the source never sets one (the directory).</summary>
    public virtual RosterPasswords? Passwords => null;

    /// <summary>The source given to the users it creates.</summary>
    public abstract UserSource CreatesAs { get; }

    /// <summary>What created the users it creates (who may then make them leave: <see cref="MayMakeLeave"/>).</summary>
    public abstract UserOrigin Origin { get; }

    /// <summary>
    /// A class, level, group or option named but unknown here is planned for creation (listed once in the preview with its
    /// pupils); else the row is in error.
    /// </summary>
    public abstract bool CreatesMissingGroups { get; }

    /// <summary>Users this source lists but whom no row names leave the school (actif → parti: <see cref="AccountStates.AccountLife"/>).</summary>
    public abstract bool AbsentLeave { get; }

    /// <summary>The rentrée: last year's classes that no pupil of the new list is in are archived.</summary>
    public virtual bool ArchivesEmptyClasses => false;

    /// <summary>What the report says of a user who leaves because no row names them.</summary>
    public abstract string AbsentNote { get; }

    /// <summary>Recorded on the users this source makes leave.</summary>
    public abstract UserDeactivation LeavesAs { get; }

    /// <summary>The school year the source is of (SIECLE: 2026 for 2026-2027), braked when older than the last applied; null when it says none.</summary>
    public virtual int? SchoolYear => null;

    /// <summary>Whether a row naming this parti or désactivé user brings them back to actif.</summary>
    public virtual bool BringsBack(User user) => true;

    /// <summary>
    /// Issue 21: a staff account that no import created (typed by hand, the documentaliste) never leaves because a list
    /// does not name it; one an import or the directory created may.
    /// </summary>
    public static bool MayMakeLeave(User user) => user.Profil == Profil.Eleve || user.Origin != UserOrigin.Hand;

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

    /// <summary>The user a row names among those loaded, and why (null: no one, a new user); adds errors when it cannot tell.</summary>
    public abstract RosterMatch? Match(RosterRow row, RosterIndex index, List<RosterIssue> errors);

    /// <summary>
    /// A user the row may well name though nothing matched it (a name two letters off, a usage name changed): proposed to
    /// the administrator with the reason, never applied unless accepted. Null when the source proposes nothing.
    /// </summary>
    public virtual RosterMatch? Propose(RosterRow row, RosterIndex index, ISet<User> taken) => null;

    /// <summary>The users this source speaks for, the candidates for leaving when absent: the import's pupils, the directory's users.</summary>
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
