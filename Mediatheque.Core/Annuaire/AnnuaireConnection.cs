using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;
using Mediatheque.Core.Accounts;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Annuaire;

/// <summary>
/// The one place that speaks LDAP, through System.DirectoryServices.Protocols (the system's OpenLDAP
/// client on Linux). Read-only: the service account searches, and a user's password is checked by binding
/// as that user; nothing is ever written to the directory and no password is ever read from it.
/// Each operation opens its own connection (LdapConnection is not thread-safe) and runs off the caller's
/// thread, bounded by TimeoutSeconds.
/// </summary>
public sealed class AnnuaireConnection(IOptions<AnnuaireOptions> options)
{
    private const int InvalidCredentials = 49;
    private const int FilterError = 87;

    private AnnuaireOptions Annuaire => options.Value;

    private AnnuaireLdapOptions Ldap => options.Value.Ldap;

    /// <summary>« Tester la connexion »: the service account binds and finds the base DN; says what it found.</summary>
    public Task<string> TestAsync(CancellationToken cancellationToken = default) => RunAsync(() =>
    {
        using var connection = ServiceConnection();
        // One entry is enough: a page of one (a plain size limit of 1 would end in « size limit exceeded »).
        var request = new SearchRequest(Ldap.BaseDn, Ldap.UserFilter, SearchScope.Subtree, "1.1");
        request.Controls.Add(new PageResultRequestControl(1));
        var response = Send(connection, request);
        return response.Entries.Count == 0
            ? $"Connexion réussie à {Ldap.Url}, mais aucun utilisateur ne correspond au filtre {Ldap.UserFilter} sous « {Ldap.BaseDn} »."
            : $"Connexion réussie à {Ldap.Url} : le compte de service lit les utilisateurs sous « {Ldap.BaseDn} ».";
    }, cancellationToken);

    /// <summary>Every user entry under the base DN, page by page (a page never exceeds PageSize entries).</summary>
    public Task<IReadOnlyList<AnnuaireEntry>> ReadUsersAsync(Action<int>? progress, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<AnnuaireEntry>>(() =>
        {
            using var connection = ServiceConnection();
            string[] attributes =
            [
                Ldap.LoginAttribute, Ldap.NomAttribute, Ldap.PrenomAttribute, Ldap.EmailAttribute, Ldap.NationalIdAttribute,
                Ldap.ProfilAttribute, Ldap.ClassAttribute, "entryUUID", "objectGUID",
                .. Ldap.HasSchoolAttribute ? [Ldap.SchoolAttribute!] : Array.Empty<string>(),
            ];
            var request = new SearchRequest(Ldap.BaseDn, Ldap.UserFilter, SearchScope.Subtree, attributes);
            var page = new PageResultRequestControl(Ldap.PageSize);
            request.Controls.Add(page);
            var entries = new List<AnnuaireEntry>();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var response = Send(connection, request);
                foreach (SearchResultEntry entry in response.Entries)
                {
                    entries.Add(ToEntry(entry));
                }

                progress?.Invoke(entries.Count);
                var next = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault();
                if (next is null || next.Cookie.Length == 0)
                {
                    return entries;
                }

                page.Cookie = next.Cookie;
            }
        }, cancellationToken);

    /// <summary>
    /// Whether the password is the directory's for this login: the service account finds the entry's DN,
    /// then a bind as that DN with the password decides. False for an unknown login or a wrong password;
    /// an AnnuaireException when the directory cannot say.
    /// </summary>
    public Task<bool> CheckPasswordAsync(string login, string password, CancellationToken cancellationToken = default)
    {
        // An empty password would be an « unauthenticated bind », which some servers accept as a success (RFC 4513 §5.1.2),
        // and the system's LDAP client ends a password at its first NUL: « \0 » would be one too (TypedCredential).
        if (password.Length == 0 || login.Length == 0 || !TypedCredential.IsTypable(password) || !TypedCredential.IsTypable(login))
        {
            return Task.FromResult(false);
        }

        return RunAsync(() =>
        {
            string dn;
            using (var service = ServiceConnection())
            {
                var filter = $"(&{Ldap.UserFilter}({Ldap.LoginAttribute}={EscapeFilterValue(login)}))";
                var request = new SearchRequest(Ldap.BaseDn, filter, SearchScope.Subtree, "1.1") { SizeLimit = 2 };
                var found = Send(service, request).Entries;
                if (found.Count != 1)
                {
                    return false;
                }

                dn = found[0].DistinguishedName;
            }

            using var user = Connect(new NetworkCredential(dn, password));
            try
            {
                user.Bind();
                return true;
            }
            catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
            {
                return false;
            }
            catch (DirectoryOperationException)
            {
                // The directory refuses this bind for its own reasons (account disabled, expired): not signed in.
                return false;
            }
            catch (LdapException e)
            {
                throw new AnnuaireException(NotAnswering(), e);
            }
        }, cancellationToken);
    }

    /// <summary>RFC 4515: a login typed by anyone must not change the filter's meaning (« * », « ) »).</summary>
    public static string EscapeFilterValue(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '\\' => @"\5c",
                '*' => @"\2a",
                '(' => @"\28",
                ')' => @"\29",
                '\0' => @"\00",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        try
        {
            // The native client may wait far longer than this on a silent network: the caller is answered anyway.
            return await Task.Run(work, cancellationToken).WaitAsync(TimeSpan.FromSeconds(Ldap.TimeoutSeconds), cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new AnnuaireException(NotAnswering(), e);
        }
    }

    private LdapConnection ServiceConnection()
    {
        var connection = Connect(string.IsNullOrEmpty(Ldap.BindDn) ? null : new NetworkCredential(Ldap.BindDn, Ldap.BindPassword));
        try
        {
            connection.Bind();
            return connection;
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
        {
            connection.Dispose();
            throw new AnnuaireException(
                $"L'annuaire « {Annuaire.Name} » refuse le compte de service : vérifiez Mediatheque:Annuaire:Ldap:BindDn et BindPassword.", e);
        }
        catch (LdapException e)
        {
            connection.Dispose();
            throw new AnnuaireException(NotAnswering(), e);
        }
    }

    private LdapConnection Connect(NetworkCredential? credential)
    {
        if (!Uri.TryCreate(Ldap.Url, UriKind.Absolute, out var url) || url.Scheme is not ("ldap" or "ldaps"))
        {
            throw new AnnuaireException(
                $"Adresse de l'annuaire invalide : « {Ldap.Url} » (attendu : ldap://serveur:389 ou ldaps://serveur:636).");
        }

        var secure = url.Scheme == "ldaps";
        var port = url.IsDefaultPort || url.Port <= 0 ? (secure ? 636 : 389) : url.Port;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(url.Host, port), credential, credential is null ? AuthType.Anonymous : AuthType.Basic)
        {
            Timeout = TimeSpan.FromSeconds(Ldap.TimeoutSeconds),
            AutoBind = false,
        };
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            if (secure)
            {
                connection.SessionOptions.SecureSocketLayer = true;
            }
            else if (Ldap.StartTls)
            {
                connection.SessionOptions.StartTransportLayerSecurity(null);
            }

            return connection;
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException)
        {
            connection.Dispose();
            throw new AnnuaireException(Ldap.StartTls
                ? $"L'annuaire « {Annuaire.Name} » refuse StartTLS ou son certificat n'est pas reconnu par ce serveur."
                : NotAnswering(), e);
        }
    }

    private SearchResponse Send(LdapConnection connection, SearchRequest request)
    {
        try
        {
            return (SearchResponse)connection.SendRequest(request);
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
        {
            throw new AnnuaireException($"La base de recherche « {Ldap.BaseDn} » n'existe pas dans l'annuaire « {Annuaire.Name} » : vérifiez BaseDn.", e);
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode is ResultCode.AdminLimitExceeded or ResultCode.SizeLimitExceeded)
        {
            throw new AnnuaireException(
                $"L'annuaire « {Annuaire.Name} » refuse des pages de {Ldap.PageSize} entrées : baissez Mediatheque:Annuaire:Ldap:PageSize "
                + "sous la limite du serveur.", e);
        }
        catch (DirectoryOperationException e)
        {
            throw new AnnuaireException($"L'annuaire « {Annuaire.Name} » a refusé la recherche ({e.Response?.ResultCode}).", e);
        }
        catch (LdapException e) when (e.ErrorCode == FilterError)
        {
            throw new AnnuaireException($"Le filtre {Ldap.UserFilter} est mal formé : vérifiez Mediatheque:Annuaire:Ldap:UserFilter.", e);
        }
        catch (LdapException e)
        {
            throw new AnnuaireException(NotAnswering(), e);
        }
    }

    private string NotAnswering() => $"L'annuaire fédérateur « {Annuaire.Name} » ne répond pas ({Ldap.Url}).";

    private static AnnuaireEntry ToEntry(SearchResultEntry entry)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>();
        string? stableId = null;
        foreach (string name in entry.Attributes.AttributeNames)
        {
            var attribute = entry.Attributes[name];
            if (name.Equals("objectGUID", StringComparison.OrdinalIgnoreCase))
            {
                // Active Directory's id is 16 bytes; entryUUID (OpenLDAP) is already text.
                stableId = attribute.GetValues(typeof(byte[])) is [byte[] { Length: 16 } guid, ..] ? new Guid(guid).ToString() : null;
                continue;
            }

            var texts = attribute.GetValues(typeof(string)).Cast<string>().ToList();
            values[name.ToLowerInvariant()] = texts;
            if (name.Equals("entryUUID", StringComparison.OrdinalIgnoreCase))
            {
                stableId ??= texts.FirstOrDefault();
            }
        }

        return new AnnuaireEntry(entry.DistinguishedName, stableId, values);
    }
}
