namespace Mediatheque.Tests.Notices;

/// <summary>One private SMTP server for a test class (<see cref="SmtpServer"/>); each test starts from an empty Maildir.</summary>
public sealed class SmtpFixture : IAsyncLifetime
{
    public SmtpServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SmtpServer.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
