using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// An HTTP client for the tests, optionally connecting from another loopback address (127.0.0.2…): the whole
/// 127/8 is this machine, so a test can be "a user elsewhere" and "the proxy" at once.
/// </summary>
public static partial class LoopbackClient
{
    public static HttpClient Create(string baseUrl, IPAddress? from = null, Action<SocketsHttpHandler>? configure = null)
    {
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        configure?.Invoke(handler);
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
    }

    /// <summary>Signs in through the real form: reads its antiforgery token, then posts it with the credentials.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string login, string password)
    {
        var form = await client.GetStringAsync("/connexion");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "connexion", ["__RequestVerificationToken"] = token, ["Input.Login"] = login, ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
