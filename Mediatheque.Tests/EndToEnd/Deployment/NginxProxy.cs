using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// Debian's nginx running the shipped site (deploy/nginx/mediatheque.conf) in front of the test's nodes: the same file
/// with only its addresses, host name, certificate and log paths changed to loopback ports and a temporary folder.
/// </summary>
public sealed partial class NginxProxy : IAsyncDisposable
{
    private const string ShippedHost = "mediatheque.ecole.fr";
    private readonly string folder = Directory.CreateTempSubdirectory("mediatheque-nginx-").FullName;
    private ChildProcess? process;


    public int HttpsPort { get; } = LoopbackPort.Free();

    public int HttpPort { get; } = LoopbackPort.Free();

    /// <summary>The site as users reach it; « localhost » stands for the published host name.</summary>
    public string Url => $"https://localhost:{HttpsPort}";

    public string ErrorLog => File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : string.Empty;

    private string AccessLog => Path.Combine(folder, "access.log");

    /// <summary>The node that served the request whose URL contains this marker, from the site's access log (node=).</summary>
    public async Task<int> NodePortThatServedAsync(string marker)
    {
        var line = (await AccessLogUntilAsync(marker)).LastOrDefault(l => l.Contains(marker, StringComparison.Ordinal))!;

        // node=127.0.0.1:5001, or "a, b" when the first node failed and the next one answered.
        var upstream = ServedBy().Match(line).Groups[1].Value.Split(", ").Last();
        return int.Parse(upstream.Split(':').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The site's access log, once the request whose URL contains this marker is in it (and so every request that
    /// was answered before it on the same connection).
    /// </summary>
    public async Task<IReadOnlyList<string>> AccessLogUntilAsync(string marker)
    {
        // nginx logs a request once its response is sent, so the client may have the answer before the line exists.
        for (var i = 0; i < 100; i++)
        {
            var lines = File.Exists(AccessLog) ? File.ReadAllLines(AccessLog) : [];
            if (lines.Any(l => l.Contains(marker, StringComparison.Ordinal)))
            {
                return lines;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"No request marked {marker} in nginx's access log after 5 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.TerminateAsync(TimeSpan.FromSeconds(30));
            await process.DisposeAsync();
        }

        PublishedApp.TryDelete(folder);
    }

    /// <summary>Starts nginx in front of these nodes (its ports are chosen before, so the nodes can know the public address).</summary>
    public async Task StartAsync(IReadOnlyList<int> nodePorts)
    {
        WriteCertificate();
        File.WriteAllText(Path.Combine(folder, "mediatheque.conf"), SiteFromShippedFile(nodePorts));
        var runAsRoot = Environment.UserName == "root" ? "user root;\n" : string.Empty;
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            {{runAsRoot}}worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/mediatheque.conf;
            }
            """);
        string[] arguments = ["-p", folder, "-e", Path.Combine(folder, "error.log"), "-c", Path.Combine(folder, "nginx.conf")];
        await ChildProcess.RunAsync("nginx", [.. arguments, "-t"], TimeSpan.FromSeconds(30));
        process = ChildProcess.Start("nginx", [.. arguments, "-g", "daemon off;"], folder);
        await WaitUntilListeningAsync();
    }

    private string SiteFromShippedFile(IReadOnlyList<int> nodePorts)
    {
        var site = File.ReadAllText(Path.Combine(PublishedApp.RepositoryRoot, "deploy", "nginx", "mediatheque.conf"));
        site = Replace(site, "server 10.0.0.11:5001", $"server 127.0.0.1:{nodePorts[0]}");
        site = Replace(site, "server 10.0.0.12:5001", $"server 127.0.0.1:{nodePorts[1]}");
        site = Ipv6Listen().Replace(site, string.Empty);
        site = Replace(site, "listen 80", $"listen 127.0.0.1:{HttpPort}");
        site = Replace(site, "listen 443", $"listen 127.0.0.1:{HttpsPort}");
        site = Replace(site, ShippedHost, "localhost");
        site = Replace(site, "/etc/ssl/mediatheque/fullchain.pem", Path.Combine(folder, "certificate.pem"));
        site = Replace(site, "/etc/ssl/mediatheque/privkey.pem", Path.Combine(folder, "key.pem"));
        site = Replace(site, "/var/log/nginx/mediatheque.access.log", AccessLog);
        return Replace(site, "/var/log/nginx/mediatheque.error.log", Path.Combine(folder, "error.log"));
    }

    /// <summary>Each change must find its text: if the shipped file changes shape, this test says so instead of testing something else.</summary>
    private static string Replace(string text, string shipped, string local) =>
        text.Contains(shipped, StringComparison.Ordinal)
            ? text.Replace(shipped, local, StringComparison.Ordinal)
            : throw new InvalidOperationException($"deploy/nginx/mediatheque.conf no longer contains « {shipped} »: update the test's generation.");

    private void WriteCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(folder, "certificate.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Until this nginx answers TLS with this site's certificate: a port that merely accepts connections could be
    /// another process's, and nginx may still exit because it could not listen.
    /// </summary>
    private async Task WaitUntilListeningAsync()
    {
        var expected = File.ReadAllText(Path.Combine(folder, "certificate.pem"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process!.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, HttpsPort);
                await using var tls = new System.Net.Security.SslStream(client.GetStream(), false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync("localhost").WaitAsync(TimeSpan.FromSeconds(5));
                if (tls.RemoteCertificate is { } certificate
                    && X509Certificate2.CreateFromPem(expected).Thumbprint == certificate.GetCertHashString()
                    && !process.HasExited)
                {
                    return;
                }

                throw new InvalidOperationException($"Port {HttpsPort} answers TLS with another certificate than this nginx's.\n{ErrorLog}");
            }
            catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException or TimeoutException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"nginx did not start (or another process holds port {HttpsPort}):\n{process!.Output}\n{ErrorLog}");
    }

    [GeneratedRegex(@"^\s*listen \[::\]:.*\n", RegexOptions.Multiline)]
    private static partial Regex Ipv6Listen();

    [GeneratedRegex(@"node=(.+?) rt=")]
    private static partial Regex ServedBy();
}
