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
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, CookieContainer> Containers = new();

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
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
        Containers.AddOrUpdate(client, handler.CookieContainer);
        return client;
    }

    /// <summary>The cookies a client made here holds: to copy a session cookie, as an attacker would.</summary>
    public static CookieContainer Cookies(HttpClient client) =>
        Containers.TryGetValue(client, out var cookies) ? cookies : throw new ArgumentException("Not a LoopbackClient.", nameof(client));


    /// <summary>Signs in through the real form: reads its antiforgery token, then posts it with the credentials.</summary>
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string login, string password) =>
        client.PostFormAsync("/connexion", "connexion", new() { ["Input.Login"] = login, ["Input.Password"] = password });

    /// <summary>Posts a page's form as a browser would: reads the page for its antiforgery token, then posts the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        var token = await client.AntiforgeryTokenAsync(path);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName, ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>The antiforgery token of the form on <paramref name="path"/> (it stays valid for this client's cookies).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string path) =>
        AntiforgeryToken().Match(await client.GetStringAsync(path)).Groups[1].Value;

    /// <summary>The French message of a static account page (sign-in, password change), or null.</summary>
    public static async Task<string?> AlertAsync(this HttpResponseMessage response) =>
        Alert().Match(await response.Content.ReadAsStringAsync()) is { Success: true } match
            ? System.Net.WebUtility.HtmlDecode(TagsOrSpaces().Replace(match.Groups[1].Value, " ").Trim())
            : null;

    [GeneratedRegex("class=\"account-error\" role=\"alert\">(.*?)</(p|ul)>", RegexOptions.Singleline)]
    private static partial Regex Alert();

    [GeneratedRegex("(<[^>]+>|\\s)+")]
    private static partial Regex TagsOrSpaces();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
