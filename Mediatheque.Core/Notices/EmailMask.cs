namespace Mediatheque.Core.Notices;

/// <summary>« marie.dupont@ac-exemple.fr » → « m•••@ac-exemple.fr »: enough for the school to recognise, too little to harvest.</summary>
public static class EmailMask
{
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "•••" : $"{address[0]}•••{address[at..]}";
    }

    /// <summary>A server's answer or an error with the address in it, the address masked.</summary>
    public static string MaskIn(string text, string address) =>
        string.IsNullOrEmpty(address) ? text : text.Replace(address, Mask(address), StringComparison.OrdinalIgnoreCase);
}
