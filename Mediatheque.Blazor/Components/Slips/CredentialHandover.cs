using Mediatheque.Core.Users;

namespace Mediatheque.Blazor.Components.Slips;

/// <summary>What « Fiches à imprimer » shows: slips to print once, and who was left out and why.</summary>
public sealed record HandoverBatch(string Title, IReadOnlyList<Slip> Slips, IReadOnlyList<SkippedUser> Skipped, SlipsPerPage PerPage, string ReturnUrl)
{
    public bool AreCards => Slips.Count > 0 && Slips[0].IsCard;

    /// <summary>A class's picture sign-in poster (issue 24), printed with or without its pupils' picture cards.</summary>
    public ClassPoster? Poster { get; init; }
}

/// <summary>What a class's picture sign-in poster prints: the class and its address, <c>{PublicUrl}/classe/{code}</c>.</summary>
public sealed record ClassPoster(string ClassName, string Address);

/// <summary>
/// The new passwords or card tokens between the action and the printed sheet: held in this circuit's memory
/// only (a scoped service), never stored, and forgotten when the sheets page is left.
/// </summary>
public sealed class CredentialHandover
{
    public HandoverBatch? Current { get; private set; }

    public void Hold(HandoverBatch batch) => Current = batch;

    public void Forget() => Current = null;
}
