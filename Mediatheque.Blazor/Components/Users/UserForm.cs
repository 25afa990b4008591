using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;

namespace Mediatheque.Blazor.Components.Users;

/// <summary>The detail form's editable copy of a user; « Valider » turns it into a <see cref="UserEdit"/>.</summary>
public sealed class UserForm
{
    private bool? mustChange;

    public required int Id { get; init; }

    public required int Version { get; init; }

    public string Nom { get; set; } = string.Empty;

    public string Prenom { get; set; } = string.Empty;

    public Profil Profil { get; set; }

    public string Login { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string Confirmation { get; set; } = string.Empty;

    /// <summary>Unless ticked or unticked by hand, follows the profile's default (a pupil's teacher types the password they keep).</summary>
    public bool MustChangePassword
    {
        get => mustChange ?? MustChangeDefault?.Invoke(Profil) ?? true;
        set => mustChange = value;
    }

    /// <summary><c>Mediatheque:Passwords:MustChangeByDefault</c>, per profile (PasswordPolicy.MustChangeByDefault).</summary>
    public Func<Profil, bool>? MustChangeDefault { get; init; }

    public string? NationalId { get; set; }

    public string? EstablishmentId { get; set; }

    public string? Email { get; set; }

    public string? NetworkFolder { get; set; }

    public PhotoUpload? Photo { get; set; }

    public List<GroupRef> Groups { get; set; } = [];

    /// <summary>Errors of the last « Valider », by field.</summary>
    public IReadOnlyList<FieldError> Errors { get; set; } = [];

    public static UserForm From(UserDetails user, Func<Profil, bool>? mustChangeDefault = null) => new()
    {
        MustChangeDefault = mustChangeDefault,
        Id = user.Id,
        Version = user.Version,
        Nom = user.Nom,
        Prenom = user.Prenom,
        Profil = user.Profil,
        Login = user.Login,
        NationalId = user.NationalId,
        EstablishmentId = user.EstablishmentId,
        Email = user.Email,
        NetworkFolder = user.NetworkFolder,
        Groups = [.. user.Groups],
    };

    /// <summary>Something typed or chosen that « Valider » has not saved yet (leaving would lose it).</summary>
    public bool DiffersFrom(UserDetails user) =>
        Nom != user.Nom || Prenom != user.Prenom || Profil != user.Profil || Login != user.Login
        || Blank(NationalId) != Blank(user.NationalId) || Blank(EstablishmentId) != Blank(user.EstablishmentId)
        || Blank(Email) != Blank(user.Email) || Blank(NetworkFolder) != Blank(user.NetworkFolder)
        || Password.Length > 0 || Confirmation.Length > 0 || Photo is not null
        || !Groups.Select(g => g.Id).Order().SequenceEqual(user.Groups.Select(g => g.Id).Order());

    public UserEdit ToEdit() => new(
        Id, Version, Nom, Prenom, Profil, Login, NationalId, EstablishmentId, Email, NetworkFolder,
        Groups.Select(g => g.Id).ToList(), Password, Confirmation, MustChangePassword, Photo);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public string? ErrorOf(UserField field) =>
        Errors.Where(e => (e.Field & field) != 0).Select(e => e.Message).FirstOrDefault();
}
