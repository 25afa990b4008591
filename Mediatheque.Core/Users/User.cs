using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Text;

namespace Mediatheque.Core.Users;

public class User : ISignInCounter
{
    private string nom = string.Empty;
    private string prenom = string.Empty;
    private string login = string.Empty;
    private string? nationalId;
    private string? schoolId;

    public int Id { get; set; }

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

    /// <summary>Identifiant de connexion; unique ignoring case (NOCASE index).</summary>
    public string Login
    {
        get => login;
        set { login = value.Trim(); RefreshSearchKey(); }
    }

    /// <summary>BCrypt hash (enhanced, SHA-384 pre-hash); null when no password was ever set.</summary>
    public string? PasswordHash { get; set; }

    public bool MustChangePassword { get; set; }

    /// <summary>Identifiant national (INE for pupils); unique when set.</summary>
    public string? NationalId
    {
        get => nationalId;
        set { nationalId = Blank(value); RefreshSearchKey(); }
    }

    /// <summary>Identifiant établissement; unique when set.</summary>
    public string? SchoolId
    {
        get => schoolId;
        set { schoolId = Blank(value); RefreshSearchKey(); }
    }

    public string? Email { get; set; }

    /// <summary>Chemin du dossier réseau (UNC), e.g. \\172.16.0.6\bm\perso.</summary>
    public string? NetworkFolder { get; set; }

    public byte[]? Photo { get; set; }

    public string? PhotoContentType { get; set; }

    public DateOnly? BirthDate { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Who deactivated this user, while inactive: see <see cref="UserDeactivation"/>.</summary>
    public UserDeactivation? DeactivatedBy { get; set; }

    public UserSource Source { get; set; }

    /// <summary>
    /// The federated directory's stable id of this user's entry (entryUUID, or objectGUID on Active Directory),
    /// which survives renames and moves; null for local users. Unique when set.
    /// </summary>
    public string? AnnuaireId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    public DateTime? PasswordChangedAt { get; set; }

    public int FailedSignInCount { get; set; }

    public DateTime? FirstFailedSignInAt { get; set; }

    public DateTime? LockedUntil { get; set; }

    /// <summary>Changes whenever open sessions must end (password set by someone else, deactivation).</summary>
    public string SecurityStamp { get; set; } = NewStamp();

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

    public bool IsLockedOut(DateTime now) => LockedUntil is { } until && until > now;

    /// <summary>Marks an edit: a form still holding the old version will be refused on save.</summary>
    public void Touch(DateTime now)
    {
        Version++;
        UpdatedAt = now;
    }

    /// <summary>
    /// A new password hash. Set by someone else (a reset), it ends the user's open sessions;
    /// either way a lockout is lifted, since the person now holds a working password.
    /// </summary>
    public void SetPassword(string hash, bool mustChange, DateTime now)
    {
        PasswordHash = hash;
        MustChangePassword = mustChange;
        PasswordChangedAt = now;
        ClearSignInFailures();
        RenewSecurityStamp();
        Touch(now);
    }

    public void RenewSecurityStamp() => SecurityStamp = NewStamp();

    /// <summary>Unlocked, and the failed attempts forgotten (an unlock, a new password).</summary>
    public void ClearSignInFailures()
    {
        FailedSignInCount = 0;
        FirstFailedSignInAt = null;
        LockedUntil = null;
    }

    private void RefreshSearchKey()
    {
        SearchKey = TextFolding.Fold(string.Join(' ', Nom, Prenom, Login, NationalId, SchoolId));
        SortKey = TextFolding.Fold(Nom + " " + Prenom);
        PrenomSortKey = TextFolding.Fold(Prenom + " " + Nom);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
