using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mediatheque.Tests.Annuaire;

/// <summary>
/// A private OpenLDAP server (Debian's slapd) for one test class or one benchmark: its own cn=config and
/// data in a temporary folder, loaded with slapadd, listening on a free loopback port, stopped and deleted
/// afterwards. Never the system's instance. The suffix holds a read-only service account (it cannot read
/// passwords) and « ou=personnes », where the given LDIF's entries go; the server answers at most
/// <c>sizeLimit</c> entries a search or a page, so that a synchronisation must page.
/// Linked into Mediatheque.Benchmarks too: no xunit here.
/// </summary>
public sealed class Slapd : IAsyncDisposable
{
    public const string Suffix = "dc=ecole,dc=test";
    public const string AdminDn = "cn=admin," + Suffix;
    public const string AdminPassword = "admin-ldap-test";
    public const string ServiceDn = "cn=mediatheque,ou=services," + Suffix;
    public const string ServicePassword = "lecteur-ldap-test";
    public const string PeopleDn = "ou=personnes," + Suffix;

    private readonly string folder;
    private Process? process;

    private Slapd(string folder, int port) => (this.folder, Port) = (folder, port);

    public int Port { get; }

    public string Url => $"ldap://127.0.0.1:{Port}";

    /// <summary>
    /// Starts a server whose « ou=personnes » holds the LDIF's entries (plain LDIF, UTF-8). With
    /// <paramref name="allowUnauthenticatedBinds"/>, it answers a bind with a DN and no password as a success
    /// (<c>olcAllows: bind_anon_dn</c>, RFC 4513 §5.1.2), as some directories do.
    /// </summary>
    public static async Task<Slapd> StartAsync(string peopleLdif, int sizeLimit = 5, bool allowUnauthenticatedBinds = false)
    {
        var folder = Directory.CreateTempSubdirectory("mediatheque-slapd-").FullName;
        var server = new Slapd(folder, LoopbackPort.Free());
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "config"));
            Directory.CreateDirectory(Path.Combine(folder, "data"));
            await File.WriteAllTextAsync(Path.Combine(folder, "config.ldif"), Config(folder, sizeLimit, allowUnauthenticatedBinds));
            await File.WriteAllTextAsync(Path.Combine(folder, "data.ldif"), Base + "\n" + peopleLdif);
            await RunAsync("/usr/sbin/slapadd", "-n", "0", "-F", Path.Combine(folder, "config"), "-l", Path.Combine(folder, "config.ldif"));
            await RunAsync("/usr/sbin/slapadd", "-q", "-n", "1", "-F", Path.Combine(folder, "config"), "-l", Path.Combine(folder, "data.ldif"));
            await server.LaunchAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Médiathèque's configuration for this directory (section Mediatheque:Annuaire).</summary>
    public Dictionary<string, string?> Settings(string name = "ENT Test", int pageSize = 5) => new()
    {
        ["Mediatheque:Annuaire:Enabled"] = "true",
        ["Mediatheque:Annuaire:Name"] = name,
        ["Mediatheque:Annuaire:PasswordPageUrl"] = "https://ent.example.test/mot-de-passe",
        ["Mediatheque:Annuaire:Ldap:Url"] = Url,
        ["Mediatheque:Annuaire:Ldap:BindDn"] = ServiceDn,
        ["Mediatheque:Annuaire:Ldap:BindPassword"] = ServicePassword,
        ["Mediatheque:Annuaire:Ldap:BaseDn"] = PeopleDn,
        ["Mediatheque:Annuaire:Ldap:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Dn(string uid) => $"uid={uid},{PeopleDn}";

    /// <summary>Sets a user's password in the directory, as its administrator would (ldappasswd).</summary>
    public Task ChangePasswordAsync(string uid, string newPassword) =>
        RunAsync("/usr/bin/ldappasswd", "-x", "-H", Url, "-D", AdminDn, "-w", AdminPassword, "-s", newPassword, Dn(uid));

    /// <summary>Adds entries (plain LDIF) with the admin account.</summary>
    public Task AddAsync(string ldif) => RunWithInputAsync("/usr/bin/ldapadd", ldif, "-x", "-H", Url, "-D", AdminDn, "-w", AdminPassword);

    /// <summary>Applies LDIF change records (changetype: modify, modrdn…) with the admin account.</summary>
    public Task ModifyAsync(string ldif) => RunWithInputAsync("/usr/bin/ldapmodify", ldif, "-x", "-H", Url, "-D", AdminDn, "-w", AdminPassword);

    public Task DeleteAsync(string uid) => RunAsync("/usr/bin/ldapdelete", "-x", "-H", Url, "-D", AdminDn, "-w", AdminPassword, Dn(uid));

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task LaunchAsync()
    {
        // -d keeps slapd in the foreground, so that it is this process and it stops with it.
        var start = new ProcessStartInfo("/usr/sbin/slapd")
        {
            ArgumentList = { "-h", $"ldap://127.0.0.1:{Port}/", "-F", Path.Combine(folder, "config"), "-d", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("slapd did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"slapd exited with code {process.ExitCode} (port {Port})");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"slapd did not listen on port {Port}");
    }

    private static Task RunAsync(string tool, params string[] arguments) => RunWithInputAsync(tool, null, arguments);

    private static async Task RunWithInputAsync(string tool, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var run = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        if (input is not null)
        {
            await run.StandardInput.WriteAsync(input);
            run.StandardInput.Close();
        }

        var output = run.StandardOutput.ReadToEndAsync();
        var error = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(tool)} failed ({run.ExitCode}): {await error} {await output}");
        }
    }

    private const string Base = $"""
        dn: {Suffix}
        objectClass: dcObject
        objectClass: organization
        o: École de test
        dc: ecole

        dn: ou=services,{Suffix}
        objectClass: organizationalUnit
        ou: services

        dn: {ServiceDn}
        objectClass: organizationalRole
        objectClass: simpleSecurityObject
        cn: mediatheque
        userPassword: {ServicePassword}

        dn: {PeopleDn}
        objectClass: organizationalUnit
        ou: personnes

        """;

    // The service account reads everything but passwords; anyone may bind with a password (auth); the admin writes.
    private static string Config(string folder, int sizeLimit, bool allowUnauthenticatedBinds) => $$"""
        dn: cn=config
        objectClass: olcGlobal
        cn: config
        olcPidFile: {{folder}}/slapd.pid{{(allowUnauthenticatedBinds ? "\nolcAllows: bind_anon_dn" : "")}}

        dn: cn=module{0},cn=config
        objectClass: olcModuleList
        cn: module{0}
        olcModulePath: /usr/lib/ldap
        olcModuleLoad: back_mdb

        dn: cn=schema,cn=config
        objectClass: olcSchemaConfig
        cn: schema

        include: file:///etc/ldap/schema/core.ldif
        include: file:///etc/ldap/schema/cosine.ldif
        include: file:///etc/ldap/schema/inetorgperson.ldif

        dn: olcDatabase={-1}frontend,cn=config
        objectClass: olcDatabaseConfig
        objectClass: olcFrontendConfig
        olcDatabase: {-1}frontend
        olcPasswordHash: {SSHA}

        dn: olcDatabase={0}config,cn=config
        objectClass: olcDatabaseConfig
        olcDatabase: {0}config
        olcAccess: {0}to * by * none

        dn: olcDatabase={1}mdb,cn=config
        objectClass: olcDatabaseConfig
        objectClass: olcMdbConfig
        olcDatabase: {1}mdb
        olcSuffix: {{Suffix}}
        olcRootDN: {{AdminDn}}
        olcRootPW: {{AdminPassword}}
        olcDbDirectory: {{folder}}/data
        olcDbMaxSize: 1073741824
        olcSizeLimit: size.soft={{sizeLimit}} size.hard={{sizeLimit}} size.pr={{sizeLimit}} size.prtotal=unlimited
        olcDbIndex: objectClass eq
        olcDbIndex: uid eq
        olcDbIndex: entryUUID eq
        olcAccess: {0}to attrs=userPassword by anonymous auth by self write by * none
        olcAccess: {1}to * by dn.exact="{{ServiceDn}}" read by self read by * none

        """;
}
