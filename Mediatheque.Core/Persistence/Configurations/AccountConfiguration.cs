using Mediatheque.Core.Accounts;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        // Unique ignoring case in the whole deployment (the provider's case-insensitive collation,
        // MediathequeDbContext.CaseInsensitiveColumns): sign-in has no school picker.
        builder.Property(a => a.Login).HasMaxLength(UserFieldRules.LoginMaxLength).IsRequired();
        builder.HasIndex(a => a.Login).IsUnique();

        builder.Property(a => a.PasswordHash).HasMaxLength(100);
        builder.Property(a => a.SecurityStamp).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Property(a => a.Nom).HasMaxLength(UserFieldRules.NameMaxLength);
        builder.Property(a => a.Prenom).HasMaxLength(UserFieldRules.NameMaxLength);

        // « Verrouillés »: the few locked accounts, found without reading every account.
        builder.HasIndex(a => a.LockedUntil);
    }
}
