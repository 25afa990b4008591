namespace Mediatheque.Core.Notices;

public enum NoticeStatus
{
    /// <summary>To send, at <see cref="Notice.NextAttemptAt"/>.</summary>
    Pending = 0,

    Sent = 1,

    /// <summary>Refused for good by the server, or still not delivered after <see cref="MailOptions.GiveUpHours"/>: listed on the settings page.</summary>
    Failed = 2,
}

/// <summary>
/// One e-mail to one recipient about one <see cref="CredentialChange"/>: a parent of two pupils of a bulk reset gets one
/// notice naming both. The text is composed when the change is expanded, so that every retry sends the same words.
/// A sender claims it (<see cref="ClaimedBy"/> until <see cref="ClaimedUntil"/>) before sending, so that two nodes never
/// send it both.
/// </summary>
public class Notice
{
    public long Id { get; set; }

    public long ChangeId { get; set; }

    /// <summary>The school of the change: its page lists its own failed notices.</summary>
    public int SchoolId { get; set; }

    public CredentialChangeKind Kind { get; set; }

    /// <summary>The e-mail address. Never written to the journal or a log in clear (<see cref="EmailMask"/>).</summary>
    public required string Recipient { get; set; }

    /// <summary>Whether the recipient is a legal representative (of the pupils in <see cref="UserIds"/>) rather than the user.</summary>
    public bool ToLegalRepresentative { get; set; }

    /// <summary>The users the notice is about, ids separated by commas: one journal line each once it is delivered.</summary>
    public required string UserIds { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public NoticeStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTime? ClaimedUntil { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>Why the last attempt failed, in French, the recipient masked.</summary>
    public string? LastError { get; set; }

    public IReadOnlyList<int> Users() =>
        UserIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
