using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;

namespace Mediatheque.Core.Users;

public sealed record GroupRef(int Id, string Name, GroupType Type);

/// <summary>« Détail de l'utilisateur »: the user as the actor may see it, and what the actor may do.</summary>
public sealed record UserDetails(
    int Id,
    string Nom,
    string Prenom,
    Profil Profil,
    string Login,
    string? NationalId,
    string? SchoolId,
    string? Email,
    string? NetworkFolder,
    byte[]? Photo,
    string? PhotoContentType,
    bool IsActive,
    bool IsLockedOut,
    bool MustChangePassword,
    UserSource Source,
    DateTime? LastSignInAt,
    DateTime? PasswordChangedAt,
    int Version,
    IReadOnlyList<GroupRef> Groups,
    UserField Editable,
    PolicyDecision Reset,
    PolicyDecision Edit,
    PolicyDecision Unlock,
    IReadOnlyList<Profil> AssignableProfiles,
    string? AnnuaireNotice)
{
    public string FullName => $"{Nom.ToUpperInvariant()} {Prenom}";

    public bool CanEdit(UserField field) => (Editable & field) == field;
}

/// <summary>What « Valider » sends: every field of the form, and the version it was read at.</summary>
public sealed record UserEdit(
    int UserId,
    int Version,
    string Nom,
    string Prenom,
    Profil Profil,
    string Login,
    string? NationalId,
    string? SchoolId,
    string? Email,
    string? NetworkFolder,
    IReadOnlyList<int> GroupIds,
    string? NewPassword = null,
    string? Confirmation = null,
    bool MustChangePassword = true,
    PhotoUpload? Photo = null);

/// <summary>A new user image; an empty content removes the image.</summary>
public sealed record PhotoUpload(byte[] Content, string ContentType);

public sealed record FieldError(UserField Field, string Message);

/// <summary>The answer to « Valider »: saved, refused field by field, or overtaken by someone else's save.</summary>
public sealed record UserSaveResult(bool Succeeded, IReadOnlyList<FieldError> Errors, bool Conflict = false)
{
    public const string ConflictMessage =
        "Quelqu'un d'autre a enregistré cet utilisateur pendant que vous le modifiiez. Vos changements n'ont pas été enregistrés : rechargez la fiche puis recommencez.";

    public static UserSaveResult Success { get; } = new(true, []);

    public string Message => Conflict ? ConflictMessage : string.Join(" ", Errors.Select(e => e.Message));
}
