namespace Mediatheque.Core.Users;

/// <summary>The fields of the detail form, for "which fields may this actor change".</summary>
[Flags]
public enum UserField
{
    None = 0,
    Nom = 1 << 0,
    Prenom = 1 << 1,
    Profil = 1 << 2,
    Login = 1 << 3,
    Password = 1 << 4,
    NationalId = 1 << 5,
    EstablishmentId = 1 << 6,
    Email = 1 << 7,
    NetworkFolder = 1 << 8,
    Photo = 1 << 9,
    Groups = 1 << 10,

    /// <summary>What the federated directory provides: read-only here while it is connected.</summary>
    Identity = Nom | Prenom | Profil | Login | NationalId | EstablishmentId | Email,
    All = Identity | Password | NetworkFolder | Photo | Groups,
}
