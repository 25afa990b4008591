using Microsoft.Playwright;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>How one keystroke → count measurement ended.</summary>
public enum SampleOutcome
{
    /// <summary>The count showed the expected text after the last keystroke: <see cref="Sample.Milliseconds"/> is the latency.</summary>
    Measured,

    /// <summary>The count already showed the expected text at the last keystroke (a prefix searched while typing stalled): nothing to time.</summary>
    AlreadyShown,

    /// <summary>The count never showed the expected text in time.</summary>
    TimedOut,
}

public readonly record struct Sample(SampleOutcome Outcome, double Milliseconds);

/// <summary>
/// One Chromium tab on « Liste des utilisateurs », hence one circuit. The latency is measured in the page itself
/// (performance.now() in an input listener and a MutationObserver), so Playwright's own round trips do not count.
/// </summary>
public sealed class GridTab(IPage page) : ICircuitTab
{
    /// <summary>
    /// Installed in every page before Blazor starts (BrowserContext.AddInitScriptAsync). The latency runs from the
    /// keystroke that completes the text (its input event) to the count showing the expected text. When the count
    /// already showed it at that keystroke (a prefix searched while typing stalled gave the same count), nothing
    /// changes on screen to time: the sample is set aside.
    /// </summary>
    public const string Probe = """
        window.__capacity = (() => {
          const probe = { word: null, target: null, typedAt: 0, shownAt: 0, already: false, values: [] };
          const count = () => document.querySelector('[data-testid=user-count]')?.textContent.trim();
          probe.arm = (word, target) => Object.assign(probe, { word, target, typedAt: 0, shownAt: 0, already: false, values: [] });
          probe.settled = () => probe.typedAt !== 0 && count() === probe.target;
          probe.result = () => probe.already || probe.shownAt === 0 ? -1 : probe.shownAt - probe.typedAt;
          probe.describe = () => `count « ${count()} », expected « ${probe.target} », last inputs ${JSON.stringify(probe.values)}, ` +
            `typed ${probe.typedAt !== 0}, already shown then ${probe.already}, shown since ${probe.shownAt !== 0}`;
          document.addEventListener('input', e => {
            if (probe.word === null || !(e.target instanceof HTMLInputElement)) return;
            probe.values = [...probe.values.slice(-3), e.target.value];
            if (e.target.value !== probe.word) return;
            Object.assign(probe, { typedAt: performance.now(), shownAt: 0, already: count() === probe.target });
          }, true);
          new MutationObserver(() => {
            if (probe.typedAt !== 0 && probe.shownAt === 0 && count() === probe.target) probe.shownAt = performance.now();
          }).observe(document, { subtree: true, childList: true, characterData: true });
          return probe;
        })();
        """;

    private ILocator Search => page.GetByLabel("Rechercher");

    /// <summary>Opens the grid and waits for the live circuit and its first count.</summary>
    public static async Task<GridTab> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/utilisateurs");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.GetByTestId("user-count").WaitForAsync();
        return new GridTab(page);
    }

    public async Task<Sample> TypeAsync(string word, string expectedCount)
    {
        await page.EvaluateAsync("([word, target]) => window.__capacity.arm(word, target)", new[] { word, expectedCount });
        await Search.PressSequentiallyAsync(word, new() { Delay = Typist.KeystrokeDelayMs });
        return await ResultAsync();
    }

    /// <summary>Select all, Backspace.</summary>
    public async Task<Sample> ClearAsync(string expectedCount)
    {
        await Search.PressAsync("Control+a");
        await page.EvaluateAsync("([word, target]) => window.__capacity.arm(word, target)", new[] { string.Empty, expectedCount });
        await Search.PressAsync("Backspace");
        return await ResultAsync();
    }

    /// <summary>Leaves the page first, so that Blazor tells the server the circuit is gone (as closing a real tab does).</summary>
    public async Task CloseAsync()
    {
        await page.GotoAsync("about:blank");
        await page.CloseAsync();
    }

    private async Task<Sample> ResultAsync()
    {
        try
        {
            await page.WaitForFunctionAsync("() => window.__capacity.settled()", null, new() { Timeout = (float)Typist.Timeout.TotalMilliseconds, PollingInterval = 50 });
        }
        catch (TimeoutException)
        {
            // On a loaded machine the count may show between the wait's end and this question (the page answers
            // late): the page timed it, so it is a measured sample, past 30 s. Counting it as a time-out dropped the
            // slowest samples from the percentiles and logged « count « 5 utilisateurs », expected « 5 utilisateurs » ».
            if (await page.EvaluateAsync<double>("() => window.__capacity.result()") is var late and > 0)
            {
                return new Sample(SampleOutcome.Measured, late);
            }

            Console.Error.WriteLine($"timed out: {await page.EvaluateAsync<string>("() => window.__capacity.describe()")}");
            return new Sample(SampleOutcome.TimedOut, 0);
        }

        var milliseconds = await page.EvaluateAsync<double>("() => window.__capacity.result()");
        return milliseconds < 0 ? new Sample(SampleOutcome.AlreadyShown, 0) : new Sample(SampleOutcome.Measured, milliseconds);
    }
}
