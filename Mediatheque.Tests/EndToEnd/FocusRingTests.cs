using Microsoft.Playwright;
using Mediatheque.Tests.EndToEnd.Pages;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Issues 25 and 27 (WCAG 2.4.7): every control of the users screen looks different focused and not. It compares
/// screenshots, so it runs alone (AloneCollection): with the other collections' work beside it, Chromium can take the
/// picture before the focus ring is painted.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class FocusRingTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task Every_control_of_the_users_screen_shows_where_the_keyboard_is()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var users = new UsersPage(Page);
        await Page.GotoAsync("/utilisateurs?q=besson");
        await WaitForCircuitAsync();
        await Expect(users.Rows).ToHaveCountAsync(1);
        await users.OpenFiltersAsync();
        await Expect(Page.GetByRole(AriaRole.Combobox, new() { Name = "Classe" })).ToBeVisibleAsync();
        await Page.Mouse.MoveAsync(0, 0);

        // Every stop of the Tab order, from the top of the page to the pager: each looks different focused and not.
        await Page.EvaluateAsync("() => document.activeElement?.blur()");
        var unmarked = new List<string>();
        var seen = new HashSet<string>();
        for (var stop = 0; stop < 60; stop++)
        {
            await Page.Keyboard.PressAsync("Tab");
            var name = await Page.EvaluateAsync<string?>("""
                () => {
                  const e = document.activeElement;
                  document.querySelectorAll('[data-focus-probe]').forEach(p => delete p.dataset.focusProbe);
                  if (!e || e === document.body || !e.closest('header, main')) return null;
                  e.dataset.focusProbe = '1';
                  return e.getAttribute('aria-label') || e.labels?.[0]?.textContent?.trim() || e.textContent.trim() || e.tagName;
                }
                """);
            if (name is null || !seen.Add(name))
            {
                continue; // the page's end, an open list's choices (outside main), or a stop seen already
            }

            var focused = Page.Locator("[data-focus-probe='1']");
            if (!await HasAnOutlineAsync(focused) && await LooksTheSameFocusedAsync(focused))
            {
                unmarked.Add(name);
            }

            // Back where it was, so that the next Tab goes on from there.
            await focused.EvaluateAsync("e => { e.focus({ focusVisible: true }); delete e.dataset.focusProbe; }");
        }

        Assert.Contains("Trier par identifiant", seen);
        Assert.Contains("Sélectionner BESSON Marion", seen);
        Assert.Contains("Aller à la liste", seen);
        Assert.Empty(unmarked);
    }

    /// <summary>
    /// Whether the focused control draws an outline of its own (the browser's ring, « auto », or the app's): visible
    /// whatever Chromium's pictures of it say. Controls that mark their focus otherwise (MudBlazor's outlined fields
    /// thicken their border) are compared in pictures.
    /// </summary>
    private static Task<bool> HasAnOutlineAsync(ILocator focused) => focused.EvaluateAsync<bool>("""
        e => {
          e.focus({ focusVisible: true });
          const s = getComputedStyle(e);
          return e === document.activeElement && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
            && s.outlineColor !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(s.outlineColor);
        }
        """);

    /// <summary>
    /// Whether the control looks the same with the keyboard's focus on it as without. A picture taken while the circuit
    /// re-rendered around the control (the focus gone to the page, or no longer « visible ») tells nothing and is taken
    /// again; a control that holds the focus, visibly, in both tries and looks the same is unmarked.
    /// </summary>
    private async Task<bool> LooksTheSameFocusedAsync(ILocator focused)
    {
        for (var attempt = 0; ; attempt++)
        {
            await focused.EvaluateAsync("e => e.focus({ focusVisible: true })");
            var box = (await focused.BoundingBoxAsync())!;
            var clip = new Clip { X = Math.Max(box.X - 12, 0), Y = Math.Max(box.Y - 12, 0), Width = box.Width + 24, Height = box.Height + 24 };
            var shown = await Page.ScreenshotAsync(new() { Clip = clip, Animations = ScreenshotAnimations.Disabled });
            var held = await focused.EvaluateAsync<bool>("e => e === document.activeElement && e.matches(':focus-visible')");
            await focused.EvaluateAsync("e => e.blur()");
            var unfocused = await Page.ScreenshotAsync(new() { Clip = clip, Animations = ScreenshotAnimations.Disabled });
            if (held || attempt == 4)
            {
                return shown.AsSpan().SequenceEqual(unfocused);
            }

            await Task.Delay(200);
        }
    }
}
