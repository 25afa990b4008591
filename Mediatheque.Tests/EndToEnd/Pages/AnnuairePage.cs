using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd.Pages;

/// <summary>« Annuaire fédérateur »: the connection, its test, and « Synchroniser maintenant ».</summary>
public sealed class AnnuairePage(IPage page)
{
    public ILocator TestResult => page.GetByTestId("annuaire-test");

    public ILocator RunStatus => page.GetByTestId("annuaire-run-status");

    public ILocator Run => page.GetByTestId("annuaire-run");

    public ILocator Deactivated => page.GetByTestId("count-deactivated");

    public ILocator Issues => page.GetByTestId("annuaire-issues");

    /// <summary>A run started elsewhere (another node, tab or the schedule) is going on.</summary>
    public ILocator Running => page.GetByTestId("annuaire-running");

    /// <summary>« Synchroniser maintenant » refused before it started.</summary>
    public ILocator Refusal => page.GetByTestId("annuaire-refusal");

    public Task GotoAsync() => page.GotoAsync("/annuaire");

    public Task TestConnectionAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Tester la connexion" }).ClickAsync();

    public Task SynchroniseAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Synchroniser maintenant" }).ClickAsync();
}
