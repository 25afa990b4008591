namespace Mediatheque.Blazor.Components.Import;

/// <summary>
/// A download built in the circuit's memory and handed to the browser as a data: link, so that
/// nothing (the credentials CSV above all) is ever stored on the server or served from a URL.
/// </summary>
public static class DataUrl
{
    public static string Csv(byte[] content) => "data:text/csv;charset=utf-8;base64," + Convert.ToBase64String(content);

    /// <summary>An image held in memory (a user's photo), shown without a request.</summary>
    public static string Of(byte[] content, string contentType) => $"data:{contentType};base64,{Convert.ToBase64String(content)}";

    public static Dictionary<string, object> Download(string fileName) => new() { ["download"] = fileName };
}
