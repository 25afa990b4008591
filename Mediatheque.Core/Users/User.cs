using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Text;

namespace Mediatheque.Core.Users;

/// <summary>
/// A person as one school knows them: their profile, classes, identifiers and active flag there. A pupil has one such
/// row; a teacher who works in two schools has one in each, and each school's administrators see and change only
/// theirs. The login and password are the person's, on their <see cref="Accounts.Account"/>, shared by their rows.
/// </summary>
public class User
{
    private string nom = string.Empty;
    private string prenom = string.Empty;
    private string login = string.Empty;
    private string? nationalId;
    private string? establishmentId;

    public int Id { get; set; }

    /// <summary>The school this row belongs to: every query of a school's operation sees its own rows only (MediathequeDbContext.SchoolFilter).</summary>
    public int SchoolId { get; set; }

    public School School { get; set; } = null!;

    /// <summary>The person's login and password, shared by their rows in other schools.</summary>
    public int AccountId { get; set; }

    public Account Account { get; set; } = null!;

    public string Nom
    {
        get => nom;
        set { nom = value.Trim(); RefreshSearchKey(); }
    }

    public string Prenom
    {
        get => prenom;
        set { prenom = value.Trim(); RefreshSearchKey(); }
    }

    public Profil Profil { get; set; }

    /// <summary>
    /// Identifiant de connexion: a copy of <see cref="Accounts.Account.Login"/>, which is unique in the deployment, kept here
    /// for the grid's sort, search and exact match within the school (see AccountLogins for a rename).
    /// </summary>
    public string Login
    {
        get => login;
        set { login = value.Trim(); RefreshSearchKey(); }
    }

    /// <summary>Identifiant national (INE for pupils); unique when set.</summary>
    public string? NationalId
    {
        get => nationalId;
        set { nationalId = Blank(value); RefreshSearchKey(); }
    }

    /// <summary>
    /// Identifiant établissement: the pupil's number in their school's own records (not a key of <see cref="Schools.School"/>);
    /// unique within the school when set.
    /// </summary>
    public string? EstablishmentId
    {
        get => establishmentId;
        set { establishmentId = Blank(value); RefreshSearchKey(); }
    }

    public string? Email { get; set; }

    /// <summary>Chemin du dossier réseau (UNC), e.g. \\172.16.0.6\bm\perso.</summary>
    public string? NetworkFolder { get; set; }

    public byte[]? Photo { get; set; }

    public string? PhotoContentType { get; set; }

    public DateOnly? BirthDate { get; set; }

    /// <summary>May sign in: actif or parti. Written by <see cref="AccountStates.AccountLife"/> only, with the dates below.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>Who took this user out of actif (made them leave, or deactivated them), while they are out: see <see cref="UserDeactivation"/>.</summary>
    public UserDeactivation? DeactivatedBy { get; set; }

    /// <summary>When the user left the school's list (« Parti le 04/09 »); null while actif, and for a deactivation that was no departure.</summary>
    public DateTime? LeftAt { get; set; }

    /// <summary>When the user was deactivated; null while they may sign in.</summary>
    public DateTime? DeactivatedAt { get; set; }

    /// <summary>How the row came to be: typed here, or created by an import or the directory (who may then make it leave).</summary>
    public UserOrigin Origin { get; set; }

    /// <summary>Where the account is in its life (actif → parti → désactivé → supprimé): see <see cref="AccountStates.AccountLife"/>.</summary>
    public AccountStates.AccountState State => AccountStates.AccountLife.StateOf(IsActive, LeftAt);

    public UserSource Source { get; set; }

    /// <summary>
    /// The federated directory's stable id of this user's entry (entryUUID, or objectGUID on Active Directory),
    /// which survives renames and moves; null for local users. Unique when set.
    /// </summary>
    public string? AnnuaireId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: bumped on every save, checked by EF.</summary>
    public int Version { get; set; }

    /// <summary>Folded Nom, Prénom, Identifiant, Id National, Id Établissement: what the search box matches.</summary>
    public string SearchKey { get; private set; } = string.Empty;

    /// <summary>Folded « nom prénom », what the grid sorts on so that « Écrivain » sorts with the E.</summary>
    public string SortKey { get; private set; } = string.Empty;

    /// <summary>Folded « prénom nom », what the grid sorts on when sorted by Prénom.</summary>
    public string PrenomSortKey { get; private set; } = string.Empty;

    public List<GroupMembership> Memberships { get; set; } = [];

    /// <summary>A pupil's legal representatives of level 1 (at most two), for notices: <see cref="LegalRepresentative"/>.</summary>
    public List<LegalRepresentative> LegalRepresentatives { get; set; } = [];

    public string FullName => $"{Nom.ToUpperInvariant()} {Prenom}";

    /// <summary>
    /// Whether the person is also at work in another school (an active row there), as the operation that loaded this row
    /// found (SchoolScope): their one password is then not one school's to reset (UserPolicy). Not stored.
    /// </summary>
    public bool WorksInAnotherSchool { get; set; }

    public bool IsLockedOut(DateTime now) => Account.IsLockedOut(now);

    /// <summary>Marks an edit: a form still holding the old version will be refused on save.</summary>
    public void Touch(DateTime now)
    {
        Version++;
        UpdatedAt = now;
    }

    /// <summary>A new password on the person's account (<see cref="Accounts.Account.SetPassword"/>), and this row marked as edited.</summary>
    public void SetPassword(string hash, bool mustChange, DateTime now)
    {
        Account.SetPassword(hash, mustChange, now);
        Touch(now);
    }

    /// <summary>Ends the person's open sessions: what they may do here changed (profile, groups, deactivation).</summary>
    public void RenewSecurityStamp() => Account.RenewSecurityStamp();

    public void ClearSignInFailures() => Account.ClearSignInFailures();

    private void RefreshSearchKey()
    {
        SearchKey = TextFolding.Fold(string.Join(' ', Nom, Prenom, Login, NationalId, EstablishmentId));
        SortKey = TextFolding.Fold(Nom + " " + Prenom);
        PrenomSortKey = TextFolding.Fold(Prenom + " " + Nom);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
