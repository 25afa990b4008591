namespace Mediatheque.Tests.Annuaire;

/// <summary>The test school's directory (TestData/Annuaire/ecole.ldif) on a private slapd, one per test class.</summary>
public sealed class EcoleDirectory : IAsyncLifetime
{
    public static string Ldif => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Annuaire", "ecole.ldif"));

    public Slapd Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await Slapd.StartAsync(Ldif);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
