using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// A browser without a browser: one cookie jar and one HTTP client, signed in once through the real « Connexion »
/// form (its antiforgery token and hidden fields included), whose tabs (<see cref="LightTab"/>) each open a real
/// circuit over the network, as blazor.web.js does. It runs the server's protocol only; it renders nothing, so many
/// more circuits fit on the same cores than Chromium tabs do.
/// </summary>
public sealed partial class LightClient : ICapacityClient
{
    private readonly HttpClientHandler handler;
    private readonly HttpClient http;
    private int tabs;

    private LightClient(string baseUrl, TabLog log)
    {
        BaseUrl = baseUrl;
        Log = log;
        handler = new HttpClientHandler
        {
            CookieContainer = Cookies,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, // PublishedApp's throwaway certificate
        };
        http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr-FR"));
    }

    public string Name => "light";

    public string BaseUrl { get; }

    /// <summary>The session cookie every tab shares, for the page requests and for the circuit's socket.</summary>
    public CookieContainer Cookies { get; } = new();

    public TabLog Log { get; }

    public HttpClient Http => http;

    public static async Task<LightClient> SignInAsync(string baseUrl, string login, string password, TabLog log)
    {
        var client = new LightClient(baseUrl, log);
        var page = await client.http.GetStringAsync("/connexion");
        var form = Form().Match(page);
        if (!form.Success)
        {
            throw new InvalidOperationException("No sign-in form on /connexion.");
        }

        // Every field the form holds (antiforgery token, the form's name), then what a user types into the two boxes.
        var fields = new Dictionary<string, string>();
        var ids = new Dictionary<string, string>();
        foreach (Match input in Input().Matches(form.Value))
        {
            var name = Attribute(input.Value, "name");
            if (name is null)
            {
                continue;
            }

            fields[name] = WebUtility.HtmlDecode(Attribute(input.Value, "value") ?? string.Empty);
            if (Attribute(input.Value, "id") is { } id)
            {
                ids[id] = name;
            }
        }

        fields[ids["login"]] = login;
        fields[ids["password"]] = password;
        var action = Attribute(form.Value[..form.Value.IndexOf('>', StringComparison.Ordinal)], "action") ?? "/connexion";
        using var response = await client.http.PostAsync(WebUtility.HtmlDecode(action), new FormUrlEncodedContent(fields));
        var landed = response.RequestMessage?.RequestUri?.AbsolutePath;
        if (!response.IsSuccessStatusCode || landed is null || landed.StartsWith("/connexion", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in as {login} failed: {(int)response.StatusCode} at {landed}.");
        }

        return client;
    }

    public async Task<ICircuitTab> OpenAsync() => await LightTab.OpenAsync(this, Interlocked.Increment(ref tabs));

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        handler.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $@"\s{name}=""(?<value>[^""]*)""", RegexOptions.CultureInvariant);
        return match.Success ? match.Groups["value"].Value : null;
    }

    [GeneratedRegex(@"<form\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex Form();

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Input();
}
