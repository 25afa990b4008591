namespace Mediatheque.Blazor.Account;

/// <summary>
/// Where the sign-in form sends the user afterwards (« ReturnUrl »): only a plain path of this site. Anything else goes
/// to « / »: another site (« //x », « /\x », « https://x ») would hand pupils to a look-alike page; a space, a tab or a
/// non-ASCII character (« /%E3%80%80/evil.example », an ideographic space) is what browsers strip or fold into « //x »,
/// and cannot be written in a Location header at all (it was a 500 after the session had started).
/// </summary>
public static class LocalReturnUrl
{
    public static string OrHome(string? url) =>
        url is ['/', not ('/' or '\\'), ..] or "/" && url.All(c => c is > ' ' and < '\x7f' and not '\\')
            ? url
            : "/";
}
