using System.Globalization;
using System.Text;

namespace Mediatheque.Core.Text;

/// <summary>
/// Folds text for searching and matching: lower case, accents removed, punctuation as spaces.
/// SQLite's LIKE and NOCASE fold ASCII only, so « eloise » would never find « Éloïse »:
/// we store the folded form and search on it.
/// </summary>
public static class TextFolding
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                AppendLower(builder, c);
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>The folded words of a search box, for "every word must match".</summary>
    public static string[] FoldWords(string? text) =>
        Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static void AppendLower(StringBuilder builder, char c)
    {
        switch (c)
        {
            case 'œ' or 'Œ': builder.Append("oe"); break;
            case 'æ' or 'Æ': builder.Append("ae"); break;
            case 'ß': builder.Append("ss"); break;
            default: builder.Append(char.ToLowerInvariant(c)); break;
        }
    }
}
