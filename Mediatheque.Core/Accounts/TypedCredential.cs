namespace Mediatheque.Core.Accounts;

/// <summary>
/// What a login or password typed at sign-in may hold: no control character (NUL, tab, line breaks, DEL, C1).
/// No keyboard types one into a sign-in field, and each is a way round a check: the system's LDAP client stops
/// reading a password at its first NUL, so « \0 » becomes an unauthenticated bind that a permissive directory
/// answers with success (RFC 4513 §5.1.2) and « Secret\0junk » a bind with « Secret »; PostgreSQL refuses a NUL,
/// and its case-insensitive collation ignores the other control characters (« bm\u0001 » finds « bm »).
/// Such a credential is refused before any lookup or bind, and counted like a wrong password.
/// </summary>
public static class TypedCredential
{
    public static bool IsTypable(string value) => !value.Any(char.IsControl);
}
