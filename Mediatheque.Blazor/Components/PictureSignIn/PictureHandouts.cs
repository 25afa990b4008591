using Mediatheque.Blazor.Components.Shared;
using Mediatheque.Blazor.Components.Slips;
using Mediatheque.Core.PictureSignIn;

namespace Mediatheque.Blazor.Components.PictureSignIn;

/// <summary>What picture sign-in hands over to print: the poster of a new address and the cards of new sequences.</summary>
public static class PictureHandouts
{
    /// <remarks>Relative: it stays within the school of the page's address (SchoolAddress).</remarks>
    public const string PrintPath = "connexion-par-images/imprimer";

    /// <summary>Held in the circuit's memory (<see cref="CredentialHandover"/>) until the print page is left.</summary>
    public static HandoverBatch Batch(PictureHandout handout, SchoolInfo school, string returnUrl) =>
        new($"Connexion par images : {handout.ClassName}",
            handout.Cards.Select(card => new Slip(card.Prenom, card.ClassName, IsPupil: true) { Pictures = card }).ToList(),
            handout.Skipped,
            SlipsPerPage.Eight,
            returnUrl)
        {
            Poster = handout.Code is { } code ? new ClassPoster(handout.ClassName, school.ClassUrl(code)) : null,
        };
}
