using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Mediatheque.Core.Notices;

/// <summary>Why a send failed, in French for the settings page, and whether trying again later may help.</summary>
public sealed class MailFailure(string reason, bool permanent) : Exception(reason)
{
    public string Reason { get; } = reason;

    /// <summary>The server refused this recipient or message for good (a 5xx answer): no retry.</summary>
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// MailKit's SMTP client with <c>Mediatheque:Mail:Smtp</c>. One connection serves a batch of notices. Every failure
/// comes out as a <see cref="MailFailure"/> whose reason never holds the password (MailKit's messages do not) and in
/// which the caller masks the recipient.
/// </summary>
public sealed class SmtpMailer(IOptions<MailOptions> options)
{
    public bool IsConfigured => options.Value.IsConfigured;

    public async Task<SmtpSession> ConnectAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (!SmtpOptions.IsValidFrom(smtp.From))
        {
            throw new MailFailure("L'expéditeur des avis (Mediatheque:Mail:Smtp:From) n'est pas une adresse e-mail valable.", permanent: false);
        }

        var client = new SmtpClient { Timeout = Math.Max(1, smtp.TimeoutSeconds) * 1000 };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.EffectivePort, smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            }, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
            }

            return new SmtpSession(client, MailboxAddress.Parse(smtp.From!));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            client.Dispose();
            throw Describe(e, smtp.Describe());
        }
    }

    /// <summary>The failure as the settings page says it; the server's own words are kept (the caller masks the recipient in them).</summary>
    internal static MailFailure Describe(Exception e, string server) => e switch
    {
        MailFailure failure => failure,
        // Only a recipient refused for good is final; a refused sender or message is the configuration's, fixed by an administrator.
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted, StatusCode: var status } command when (int)status >= 500 =>
            new MailFailure($"Adresse refusée par le serveur de courrier : {(int)status} {command.Message.Trim()}", permanent: true),
        SmtpCommandException command => new MailFailure($"Le serveur de courrier a répondu {(int)command.StatusCode} : {command.Message.Trim()}", permanent: false),
        AuthenticationException => new MailFailure(
            $"Le serveur de courrier {server} a refusé l'identification (Mediatheque:Mail:Smtp:User et Password).", permanent: false),
        SslHandshakeException => new MailFailure(
            $"La connexion chiffrée au serveur de courrier {server} a échoué (certificat, ou Mediatheque:Mail:Smtp:Security).", permanent: false),
        SocketException or IOException or TimeoutException or ServiceNotConnectedException or SmtpProtocolException or NotSupportedException =>
            new MailFailure($"Le serveur de courrier {server} ne répond pas : {e.Message.Trim()}", permanent: false),
        _ => new MailFailure($"Envoi impossible par {server} : {e.Message.Trim()}", permanent: false),
    };
}

/// <summary>An open SMTP connection: sends plain-text French messages, then says goodbye.</summary>
public sealed class SmtpSession(SmtpClient client, MailboxAddress from) : IAsyncDisposable
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        if (!MailboxAddress.TryParse(to, out var recipient) || !recipient.Address.Contains('@'))
        {
            throw new MailFailure("Adresse e-mail invalide.", permanent: true);
        }

        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(recipient);
        message.Subject = subject;
        // RFC 3834: an automatic message; out-of-office replies are not sent back to it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = body };
        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw SmtpMailer.Describe(e, "le serveur de courrier");
        }
    }

    /// <summary>Whether the connection still stands after a failure (else the rest of the batch waits for the next attempt).</summary>
    public bool IsConnected => client.IsConnected;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or TimeoutException or OperationCanceledException)
        {
            // The messages were accepted already; a lost goodbye changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }
}
