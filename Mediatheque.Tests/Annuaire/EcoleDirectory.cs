namespace Mediatheque.Tests.Annuaire;

/// <summary>The test school's directory (TestData/Annuaire/ecole.ldif) on a private slapd, one per test class.</summary>
public class EcoleDirectory : IAsyncLifetime
{
    /// <summary>Whether the server answers a bind with a DN and no password as a success (<c>olcAllows: bind_anon_dn</c>).</summary>
    protected virtual bool AllowsUnauthenticatedBinds => false;

    public static string Ldif => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Annuaire", "ecole.ldif"));

    public Slapd Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await Slapd.StartAsync(Ldif, allowUnauthenticatedBinds: AllowsUnauthenticatedBinds);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The test school's directory on a slapd that accepts unauthenticated binds (RFC 4513 §5.1.2), as some directories do.</summary>
public sealed class PermissiveEcoleDirectory : EcoleDirectory
{
    protected override bool AllowsUnauthenticatedBinds => true;
}
