namespace Mediatheque.Blazor.Deployment;

/// <summary>Who publishes the site and where (configuration keys « Mediatheque:SchoolName » and « Mediatheque:PublicUrl »).</summary>
public sealed class SiteOptions
{
    public const string Section = "Mediatheque";

    /// <summary>The school's name on credential slips.</summary>
    public string SchoolName { get; set; } = string.Empty;

    /// <summary>
    /// The address people type to reach the site, as the school publishes it (the proxy's HTTPS name, e.g.
    /// https://mediatheque.ecole.fr). Printed on credential slips. Never taken from a request: its Host header
    /// is whatever the client sent, and a slip must not send pupils to a look-alike site. Required outside Development;
    /// in Development it defaults to the address the app listens on (<see cref="PublicAddress"/>).
    /// </summary>
    public string PublicUrl { get; set; } = string.Empty;

    public bool HasValidPublicUrl =>
        Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
