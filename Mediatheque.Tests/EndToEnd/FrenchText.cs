using System.Text.RegularExpressions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// A Core text as Chromium shows it once wwwroot/js/typography.js has set it: curly apostrophes, non-breaking
/// spaces inside « » and before : ; ! ?. For comparing a page with a constant such as a policy's refusal.
/// </summary>
public static partial class FrenchText
{
    public static string Typeset(string text)
    {
        text = OpeningGuillemet().Replace(text, "«\u00A0");
        text = ClosingGuillemet().Replace(text, "\u00A0»");
        text = HighPunctuation().Replace(text, "\u00A0$1");
        return Apostrophe().Replace(text, "$1\u2019");
    }

    [GeneratedRegex("« +")]
    private static partial Regex OpeningGuillemet();

    [GeneratedRegex(" +»")]
    private static partial Regex ClosingGuillemet();

    [GeneratedRegex(" +([:;!?])")]
    private static partial Regex HighPunctuation();

    [GeneratedRegex(@"(\p{L})'(?=\p{L})")]
    private static partial Regex Apostrophe();
}
