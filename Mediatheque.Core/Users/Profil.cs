namespace Mediatheque.Core.Users;

/// <summary>The four profiles of PRODUCT.md, from least to most privileged.</summary>
public enum Profil
{
    Eleve = 0,
    Enseignant = 1,
    AdministrateurSecondaire = 2,
    Administrateur = 3,
}

public static class ProfilExtensions
{
    public static string Label(this Profil profil) => profil switch
    {
        Profil.Eleve => "ÉLÈVE",
        Profil.Enseignant => "ENSEIGNANT",
        Profil.AdministrateurSecondaire => "ADMINISTRATEUR SECONDAIRE",
        Profil.Administrateur => "ADMINISTRATEUR",
        _ => throw new ArgumentOutOfRangeException(nameof(profil)),
    };

    public static bool IsStaff(this Profil profil) => profil != Profil.Eleve;

    public static bool IsAdministrator(this Profil profil) =>
        profil is Profil.Administrateur or Profil.AdministrateurSecondaire;
}
