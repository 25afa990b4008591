using System.Globalization;

namespace Mediatheque.Blazor.Components.Slips;

/// <summary>
/// One slip of the CredentialSlip family, the only thing these pages print: a password slip (Identifiant and
/// Mot de passe) or a pupil's QR sign-in card (<see cref="CardUrl"/>). It speaks to the person it is for:
/// « tu » to a pupil, « vous » to staff.
/// </summary>
public sealed record Slip(string FullName, string? Classe, bool IsPupil)
{
    public string? Login { get; init; }

    public string? Password { get; init; }

    public bool MustChange { get; init; }

    /// <summary>The address the QR code encodes: <c>{PublicUrl}/carte/{token}</c>.</summary>
    public string? CardUrl { get; init; }

    public DateTime? ValidUntil { get; init; }

    public bool IsCard => CardUrl is not null;

    /// <summary>A pupil's picture card (issue 24): their tile picture or photo and their three pictures in order.</summary>
    public Mediatheque.Core.PictureSignIn.PictureCard? Pictures { get; init; }

    public string Heading => Pictures is not null
        ? "Mes images de connexion"
        : IsCard
            ? "Ma carte de connexion"
            : IsPupil ? "Ta connexion à la Médiathèque" : "Votre connexion à la Médiathèque";

    /// <summary>The short note at the foot of the slip.</summary>
    public string Note => Pictures is not null
        ? "Pour te connecter, touche ton prénom sur la page de ta classe, puis ces trois images, dans l'ordre. Ne les montre qu'à tes parents et à ton enseignant."
        : (IsCard, IsPupil, MustChange) switch
    {
        (true, _, _) => $"Pour te connecter, montre cette carte à la caméra. Si tu la perds, dis-le à ton enseignant. "
                        + $"Valable jusqu'au {(ValidUntil is { } until ? Mediatheque.Core.Audit.Journal.ToSchoolTime(until).ToString("d MMMM yyyy", French) : null)}.",
        (false, true, true) => "Tu choisiras un nouveau mot de passe à ta première connexion. Ne le donne à personne.",
        (false, true, false) => "Garde ce mot de passe pour toi : ne le donne à personne.",
        (false, false, true) => "Vous choisirez un nouveau mot de passe à votre première connexion. Ne le communiquez à personne.",
        (false, false, false) => "Gardez ce mot de passe pour vous : ne le communiquez à personne.",
    };

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
}

/// <summary>How many slips an A4 page holds: 1 (a single slip at the top), 2 (halves) or 8 (two columns of four).</summary>
public enum SlipsPerPage
{
    One = 1,
    Two = 2,
    Eight = 8,
}
