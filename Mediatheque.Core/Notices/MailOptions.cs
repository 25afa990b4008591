namespace Mediatheque.Core.Notices;

/// <summary>How the SMTP connection is secured (<c>Mediatheque:Mail:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP, for a relay on the same machine or network only.</summary>
    None,

    /// <summary>STARTTLS, required: the usual submission port 587.</summary>
    StartTls,

    /// <summary>TLS from the first byte: port 465.</summary>
    SslOnConnect,
}

/// <summary>
/// <c>Mediatheque:Mail</c>: the SMTP server notices go through. Without <see cref="SmtpOptions.Host"/> no notice is
/// produced at all (no outbox row), and the settings page says so. The password comes from configuration or the
/// environment (<c>Mediatheque__Mail__Smtp__Password</c>) and is never logged, shown or stored.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mediatheque:Mail";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How often each node looks for notices to send (a node also starts at once after its own changes).</summary>
    public double PollSeconds { get; set; } = 10;

    /// <summary>The first retry after a failure; each further one waits twice as long, up to <see cref="MaxRetryMinutes"/>.</summary>
    public double RetrySeconds { get; set; } = 30;

    public double MaxRetryMinutes { get; set; } = 30;

    /// <summary>A notice still not delivered this long after the change is marked failed and listed on the settings page.</summary>
    public double GiveUpHours { get; set; } = 24;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    /// <summary>0: the usual port for <see cref="Security"/> (25, 587 or 465).</summary>
    public int Port { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Empty: no authentication (a relay that trusts the server's address).</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>« Médiathèque de l'école &lt;ne-pas-repondre@ecole.fr&gt; » or a bare address.</summary>
    public string? From { get; set; }

    public int TimeoutSeconds { get; set; } = 30;

    public int EffectivePort => Port > 0 ? Port : Security switch
    {
        SmtpSecurity.SslOnConnect => 465,
        SmtpSecurity.StartTls => 587,
        _ => 25,
    };

    /// <summary>What the settings page shows of the server: never the user or the password.</summary>
    public string Describe() => $"{Host}:{EffectivePort} ({Security switch
    {
        SmtpSecurity.None => "sans chiffrement",
        SmtpSecurity.StartTls => "STARTTLS",
        _ => "TLS",
    }})";

    internal static bool IsValidFrom(string? from) => MimeKit.MailboxAddress.TryParse(from ?? string.Empty, out var address) && address.Address.Contains('@');
}
