using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Words the page shows cut in two across lines (« Acti/fs », « 127.0.0./1 »), measured by Chromium: a word of one text
/// node is cut when its Range's boxes (Range.getClientRects) sit on two lines. A break after a hyphen (« Jules-/Ferry »)
/// or a slash (an address) is usage, not a cut: the hyphen or slash ends a word here. Text a reader cannot see (hidden, aria-hidden, one-pixel
/// screen-reader text) is not measured.
/// </summary>
public static class CutWords
{
    // Widest first: the page is left at a phone's width, where a caller checks more.
    public static readonly IReadOnlyList<int> Widths = [1280, 768, 390];

    private const string Measure = """
        () => {
            const cut = [];
            const range = document.createRange();
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
                acceptNode: n => n.parentElement.closest('script, style, noscript, template, [aria-hidden=true]')
                    ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
            });
            const where = e => {
                const named = e.closest('[data-testid], [role], h1, h2, h3, th, td, button, label, a, li, p') ?? e;
                const id = named.getAttribute('data-testid') ?? named.getAttribute('role') ?? '';
                return `${named.tagName.toLowerCase()}${id ? `[${id}]` : ''} « ${named.textContent.trim().replace(/\s+/g, ' ').slice(0, 60)} »`;
            };
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const parent = node.parentElement;
                if (parent.getClientRects().length === 0 || getComputedStyle(parent).visibility === 'hidden'
                    || (parent.offsetWidth <= 1 && parent.offsetHeight <= 1)) {
                    continue;
                }
                for (const word of node.nodeValue.matchAll(/[^\s\-\u2010\/]+[\-\u2010\/]?/g)) {
                    range.setStart(node, word.index);
                    range.setEnd(node, word.index + word[0].length);
                    const boxes = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
                    if (boxes.length < 2) {
                        continue;
                    }
                    const tops = boxes.map(r => r.top);
                    const line = Math.min(...boxes.map(r => r.height));
                    if (Math.max(...tops) - Math.min(...tops) >= line / 2) {
                        const pieces = boxes.map(r => Math.round(r.top)).filter((t, i, all) => all.indexOf(t) === i).length;
                        cut.push(`« ${word[0]} » (${pieces} lignes) dans ${where(parent)}`);
                    }
                }
            }
            return [...new Set(cut)];
        }
        """;

    /// <summary>The cut words at each width, as « 390 px : « Acti » … »; empty when none is cut.</summary>
    public static async Task<IReadOnlyList<string>> AtEveryWidthAsync(IPage page)
    {
        var found = new List<string>();
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 844 : 900);
            found.AddRange((await SettledAsync(page)).Select(cut => $"{width} px : {cut}"));
        }

        return found;
    }

    /// <summary>
    /// Measured once the layout has settled at the new width: MudBlazor's breakpoints re-render through the circuit,
    /// so the page is measured again until two measures agree.
    /// </summary>
    private static async Task<string[]> SettledAsync(IPage page)
    {
        string[]? previous = null;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
            var current = await page.EvaluateAsync<string[]>(Measure);
            if (previous is not null && previous.SequenceEqual(current))
            {
                return current;
            }

            previous = current;
            await page.WaitForTimeoutAsync(100);
        }

        return previous!;
    }
}
