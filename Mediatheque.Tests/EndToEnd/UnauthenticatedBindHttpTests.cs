using System.Net;
using Mediatheque.Blazor.Account;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// The sign-in form as an attacker posts it, against a directory that accepts unauthenticated binds (slapd with
/// <c>olcAllows: bind_anon_dn</c>): a password of one NUL byte, or the right password followed by a NUL and
/// anything, posted as multipart/form-data (which the form accepts), signs no one in.
/// </summary>
public sealed class UnauthenticatedBindHttpTests(PermissiveAnnuaireAppServer app) : IClassFixture<PermissiveAnnuaireAppServer>
{
    [Theory]
    [InlineData("agathe.perrin", "\0")]
    [InlineData("agathe.perrin", "Craie-Blanche-2026\0junk")]
    [InlineData("agathe.perrin\0", "Craie-Blanche-2026")]
    public async Task A_multipart_post_holding_a_nul_byte_signs_no_one_in(string login, string password)
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        var token = await client.AntiforgeryTokenAsync(AccountSetup.LoginPath);
        using var form = new MultipartFormDataContent
        {
            { Part("connexion"), "_handler" },
            { Part(token), "__RequestVerificationToken" },
            { Part(login), "Input.Login" },
            { Part(password), "Input.Password" },
        };

        using var response = await client.PostAsync(AccountSetup.LoginPath, form);
        using var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignInResult.InvalidMessage, await response.AlertAsync());
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("Mediatheque.Session=")));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/connexion", home.Headers.Location!.OriginalString.Replace(app.BaseUrl, string.Empty));
        await using var db = app.CreateDbContext();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.SignIn && a.TargetLogin == "agathe.perrin"));
    }

    [Fact]
    public async Task The_right_password_posted_the_same_way_signs_in()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        var token = await client.AntiforgeryTokenAsync(AccountSetup.LoginPath);
        using var form = new MultipartFormDataContent
        {
            { Part("connexion"), "_handler" },
            { Part(token), "__RequestVerificationToken" },
            { Part("noe.francois"), "Input.Login" },
            { Part("Nuage-2026"), "Input.Password" },
        };

        using var response = await client.PostAsync(AccountSetup.LoginPath, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("Mediatheque.Session=")));
    }

    private static StringContent Part(string value)
    {
        var part = new StringContent(value);
        // A browser sends plain form fields without a content type.
        part.Headers.ContentType = null;
        return part;
    }
}
