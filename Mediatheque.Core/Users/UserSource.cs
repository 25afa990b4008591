namespace Mediatheque.Core.Users;

/// <summary>Where an account comes from: created here, or provided by the federated directory.</summary>
public enum UserSource
{
    Local = 0,
    Annuaire = 1,
}
