namespace Mediatheque.Core.Notices;

/// <summary>What happened to someone's way in, done by someone else (or by failed sign-ins): what a notice tells.</summary>
public enum CredentialChangeKind
{
    /// <summary>The reset dialog, the detail form, « Réinitialiser les mots de passe » (bulk).</summary>
    PasswordReset = 1,

    /// <summary>« Mettre à jour les mots de passe » of an import, for a pupil who had an account already.</summary>
    PasswordSetByImport = 2,

    /// <summary>A QR sign-in card printed (the previous one stops working).</summary>
    LoginCardIssued = 3,

    /// <summary>A picture sequence drawn, first or renewed (the previous one stops working).</summary>
    PictureSequenceIssued = 4,

    /// <summary>A staff account locked by failed sign-ins or wrong current passwords.</summary>
    LockedOut = 5,
}

/// <summary>
/// The outbox: one row per credential change, written by <see cref="NoticeOutbox.Add"/> in the same transaction as the
/// change itself, so that no change is committed without it and no row exists for a change that was rolled back. The
/// sender (<see cref="NoticeDelivery"/>) turns it into one <see cref="Notice"/> per recipient. Nothing secret is here:
/// who, what, when and to whom, never a password, a token or a sequence.
/// </summary>
public class CredentialChange
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public CredentialChangeKind Kind { get; set; }

    /// <summary>The school whose users changed (a lockout of a person of two schools writes one change per school).</summary>
    public int SchoolId { get; set; }

    /// <summary>Who made the change; null for a lockout (nobody did it on purpose).</summary>
    public int? ActorId { get; set; }

    /// <summary>The users whose way in changed, as ids separated by commas (a bulk reset of a class is one change).</summary>
    public required string TargetIds { get; set; }

    /// <summary>When a sender turned it into notices (the claim: only one sender does, see <see cref="NoticeDelivery"/>).</summary>
    public DateTime? ExpandedAt { get; set; }

    public IReadOnlyList<int> Targets() =>
        TargetIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
