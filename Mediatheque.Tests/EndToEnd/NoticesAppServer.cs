using Mediatheque.Tests.Notices;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>The app sending its notices through a private SMTP server (aiosmtpd), looking for them every second.</summary>
public sealed class NoticesAppServer : AppServer
{
    public SmtpServer Smtp { get; private set; } = null!;

    protected override IDictionary<string, string> Settings =>
        Smtp.Settings(pollSeconds: 1, retrySeconds: 2).Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!);

    public override async Task InitializeAsync()
    {
        Smtp = await SmtpServer.StartNewAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
