using System.DirectoryServices.Protocols;
using System.Net;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Annuaire;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Annuaire;

/// <summary>
/// A directory that answers a bind with a DN and no password as a success (RFC 4513 §5.1.2 « unauthenticated
/// bind »; slapd with <c>olcAllows: bind_anon_dn</c>, Active Directory unless configured otherwise). The system's
/// LDAP client stops reading a password at its first NUL, so « \0 » would be such a bind and « Secret\0junk » a
/// bind with « Secret »: a password or login holding a control character never reaches the directory.
/// </summary>
public sealed class UnauthenticatedBindTests(PermissiveEcoleDirectory directory) : IClassFixture<PermissiveEcoleDirectory>, IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(directory.Server.Settings());
        var admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-locale-2026");
        var run = await database.Get<AnnuaireSync>().SyncNowAsync(admin.Id);
        Assert.True(run.Succeeded, run.Error);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public void The_directory_really_accepts_a_bind_with_a_dn_and_no_password()
    {
        // What the attack relies on: without this, the tests below would prove nothing.
        var identifier = new LdapDirectoryIdentifier("127.0.0.1", directory.Server.Port);
        using var connection = new LdapConnection(identifier, new NetworkCredential(Slapd.Dn("agathe.perrin"), "\0"), AuthType.Basic);
        connection.SessionOptions.ProtocolVersion = 3;

        connection.Bind();
    }

    [Theory]
    [InlineData("agathe.perrin", "\0")]
    [InlineData("agathe.perrin", "Craie-Blanche-2026\0n'importe quoi")]
    [InlineData("agathe.perrin", "Craie-Blanche-2026\u0007")]
    [InlineData("agathe.perrin\0", "Craie-Blanche-2026")]
    [InlineData("agathe.perrin\u001f", "Craie-Blanche-2026")]
    public async Task A_control_character_in_the_password_or_login_signs_no_one_in_and_counts_as_a_failure(string login, string password)
    {
        var result = await database.Get<SignInService>().SignInAsync(login, password, "203.0.113.5");

        Assert.Equal((SignInStatus.Failed, SignInResult.InvalidMessage), (result.Status, result.Message));
        await using var db = database.CreateDbContext();
        Assert.False(await db.AuditEntries.IgnoreQueryFilters().AnyAsync(a => a.Action == AuditAction.SignIn));
        Assert.Equal(1, await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditAction.SignInFailed && a.IpAddress == "203.0.113.5"));
    }

    [Theory]
    [InlineData("agathe.perrin", "\0")]
    [InlineData("agathe.perrin", "Craie-Blanche-2026\0junk")]
    [InlineData("agathe.perrin", "\tCraie-Blanche-2026")]
    [InlineData("agathe.perrin\0", "Craie-Blanche-2026")]
    public async Task The_directory_connection_itself_never_binds_with_a_control_character(string login, string password)
    {
        Assert.False(await database.Get<AnnuaireConnection>().CheckPasswordAsync(login, password));
    }

    [Fact]
    public async Task The_right_password_still_signs_in()
    {
        var result = await database.Get<SignInService>().SignInAsync("agathe.perrin", "Craie-Blanche-2026");

        Assert.Equal(SignInStatus.Succeeded, result.Status);
    }
}
