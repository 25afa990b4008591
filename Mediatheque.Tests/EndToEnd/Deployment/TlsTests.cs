using System.Net;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// What the shipped nginx site offers on Debian 12's nginx 1.22 and OpenSSL 3.0 (issue 27), asked with
/// <c>openssl s_client</c> as a browser or an auditor would: Mozilla's « intermediate » profile (TLS 1.2 and 1.3, AEAD
/// ciphers only), and no version in the Server header. nginx 1.22 negotiates the protocol and the ciphers with the
/// listening socket's default server (the one refusing unknown names), so that server must say them too.
/// </summary>
public sealed class TlsTests(ProxiedNode site) : IClassFixture<ProxiedNode>
{
    [Fact]
    public async Task The_site_offers_tls_1_3()
    {
        var (exitCode, output) = await HandshakeAsync("-tls1_3");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Protocol version: TLSv1.3", output);
    }

    [Fact]
    public async Task Tls_1_2_is_offered_with_forward_secret_aead_ciphers_only()
    {
        var (exitCode, output) = await HandshakeAsync("-tls1_2");
        Assert.True(exitCode == 0, output);
        Assert.Contains("Ciphersuite: ECDHE-RSA-", output);

        // Every cipher but the AEAD ones (GCM, CCM, ChaCha20-Poly1305): CBC with SHA-1 or SHA-2 MACs, Camellia, 3DES, as
        // an old client offers them. Refused.
        var (cbcExitCode, cbcOutput) = await HandshakeAsync("-tls1_2", "-cipher", "ALL:!AESGCM:!AESCCM:!CHACHA20:!ARIAGCM:@SECLEVEL=0");
        Assert.True(cbcExitCode != 0, cbcOutput);
        Assert.DoesNotContain("Ciphersuite:", cbcOutput);
    }

    [Theory]
    [InlineData("-tls1_1")]
    [InlineData("-tls1")]
    public async Task Tls_1_1_and_1_0_are_refused(string version)
    {
        // The client's own security level would refuse them before asking: lowered, so the refusal is the site's.
        var (exitCode, output) = await HandshakeAsync(version, "-cipher", "ALL:@SECLEVEL=0");

        Assert.True(exitCode != 0, output);
        Assert.DoesNotContain("Protocol version:", output);
    }

    [Fact]
    public async Task A_returning_browser_resumes_its_tls_session()
    {
        // A new connection of the same browser skips the key exchange (session cache, shared by nginx's workers).
        var (exitCode, output) = await SClientAsync("-tls1_2", "-reconnect");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Reused, TLSv1.2", output);
    }

    [Fact]
    public async Task The_server_header_names_no_version()
    {
        using var client = LoopbackClient.Create(site.Proxy.Url, configure: handler => handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true);

        using var response = await client.GetAsync("/connexion");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nginx", string.Join(' ', response.Headers.GetValues("Server")));
    }

    /// <summary>One TLS handshake with the site's published name (SNI), as <c>openssl s_client -brief</c> reports it.</summary>
    private Task<(int ExitCode, string Output)> HandshakeAsync(params string[] options) => SClientAsync(["-brief", .. options]);

    /// <summary><c>openssl s_client</c> to the site's published name (SNI), nothing sent once connected.</summary>
    private Task<(int ExitCode, string Output)> SClientAsync(params string[] options) =>
        ChildProcess.ExecuteAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{site.Proxy.HttpsPort}", "-servername", "localhost", .. options],
            TimeSpan.FromSeconds(30));
}
