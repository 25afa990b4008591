using Mediatheque.Core.AccountStates;
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
    string? EstablishmentId,
    string? Email,
    string? NetworkFolder,
    byte[]? Photo,
    string? PhotoContentType,
    bool IsActive,
    bool IsLockedOut,
    bool MustChangePassword,
    UserSource Source,
    UserDeactivation? DeactivatedBy,
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

    /// <summary>Where the account is in its life (issue 21).</summary>
    public AccountState State { get; init; }

    /// <summary>When the user left the school's list; null while actif.</summary>
    public DateTime? LeftAt { get; init; }

    /// <summary>« Parti le 04/09/2026 … sera désactivé le … » (AccountLife.Notice): a leaver's dates; null for anyone else.</summary>
    public string? StateNotice { get; init; }

    public bool CanEdit(UserField field) => (Editable & field) == field;

    /// <summary>Why the user cannot sign in, and whether the directory's synchronisation would bring them back; null when active.</summary>
    public string? InactiveNotice => IsActive
        ? null
        : StateNotice ?? DeactivatedBy switch
        {
            UserDeactivation.Annuaire =>
                "Cet utilisateur a quitté l'annuaire fédérateur : la synchronisation l'a désactivé, il ne peut pas se connecter. Elle le réactivera s'il revient dans l'annuaire.",
            UserDeactivation.Administrator => "Cet utilisateur a été désactivé dans la Médiathèque : il ne peut pas se connecter.",
            UserDeactivation.Import => "Cet utilisateur a été désactivé par un import (absent du fichier) : il ne peut pas se connecter.",
            _ => "Cet utilisateur est désactivé : il ne peut pas se connecter.",
        } + (Source == UserSource.Annuaire && DeactivatedBy != UserDeactivation.Annuaire
            ? " La synchronisation de l'annuaire ne le réactive pas : seul un administrateur peut le réactiver ici."
            : string.Empty);
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
    string? EstablishmentId,
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
