using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>A class's picture sign-in page, <c>/classe/{code}</c>, as a child uses it: by touch on a tablet, else the mouse.</summary>
public sealed partial class ClassSignInPage(IPage page, bool touch = false)
{
    public ILocator Tiles => page.GetByTestId("pupil-tile");

    public ILocator Tile(string prenom) => page.GetByRole(AriaRole.Link, new() { Name = prenom, Exact = true });

    public ILocator Picture(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator Board => page.GetByTestId("picture-board");

    public ILocator Greeting => page.GetByRole(AriaRole.Heading, new() { NameRegex = Bonjour() });

    public ILocator Message => page.GetByTestId("picture-message");

    public ILocator Refusal => page.GetByTestId("class-address-refused");

    public Task TapAsync(ILocator target) => touch ? target.TapAsync() : target.ClickAsync();

    /// <summary>Touches their tile, then three pictures in order; the third sends them.</summary>
    public async Task SignInAsync(string prenom, IReadOnlyList<string> pictures)
    {
        await TapAsync(Tile(prenom));
        await Greeting.WaitForAsync();
        await TapPicturesAsync(pictures);
    }

    /// <summary>Touches the pictures; the last one sends the sequence, and this returns once its answer is loaded.</summary>
    public async Task TapPicturesAsync(IReadOnlyList<string> pictures)
    {
        // A touch before js/pictures.js has run posts on its own (as without script), and the next one could land on the
        // page being left: touch once the script keeps them.
        await ScriptReadyAsync();
        foreach (var picture in pictures.SkipLast(1))
        {
            await TapAsync(Picture(picture));
        }

        // The answer is a new document: this one's mark is gone once it has replaced it.
        await page.EvaluateAsync("() => { window.__sent = true; }");
        await TapAsync(Picture(pictures[^1]));
        await page.WaitForFunctionAsync("() => !window.__sent && document.readyState !== 'loading'");
    }

    /// <summary>Once js/pictures.js keeps the touches in the page until the third.</summary>
    public Task ScriptReadyAsync() =>
        page.Locator("html[data-pictures=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    [GeneratedRegex("^Bonjour ")]
    private static partial Regex Bonjour();
}
