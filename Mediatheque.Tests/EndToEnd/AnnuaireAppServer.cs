using Mediatheque.Tests.Annuaire;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// The app connected to the test school's directory « ENT Test » (ecole.ldif on a private slapd): ready once
/// the start-up synchronisation has run, so that the directory's users are in the grid and may sign in.
/// </summary>
public class AnnuaireAppServer : AppServer
{
    public Slapd Directory { get; private set; } = null!;

    /// <summary>Whether the directory answers a bind with a DN and no password as a success (<c>olcAllows: bind_anon_dn</c>).</summary>
    protected virtual bool AllowsUnauthenticatedBinds => false;

    // The demo has two schools: the directory's entries name theirs (Jules-Ferry's UAI) in « o ».
    protected override IDictionary<string, string> Settings =>
        Directory.Settings().Append(new("Mediatheque:Annuaire:Ldap:SchoolAttribute", "o"))
            .Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!);

    public override async Task InitializeAsync()
    {
        Directory = await Slapd.StartAsync(EcoleDirectory.Ldif, allowUnauthenticatedBinds: AllowsUnauthenticatedBinds);
        await base.InitializeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var db = CreateDbContext())
            {
                if (await db.AnnuaireRuns.AnyAsync())
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The start-up synchronisation with the directory did not run.");
            }

            await Task.Delay(100);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Directory.DisposeAsync();
    }
}

/// <summary>The same, on a directory that accepts unauthenticated binds, as some do (and Active Directory unless told not to).</summary>
public sealed class PermissiveAnnuaireAppServer : AnnuaireAppServer
{
    protected override bool AllowsUnauthenticatedBinds => true;
}

/// <summary>The app once its directory has stopped answering (after the start-up synchronisation brought its users in).</summary>
public sealed class DownAnnuaireAppServer : AnnuaireAppServer
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Directory.DisposeAsync();
    }
}
