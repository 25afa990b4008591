using Mediatheque.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class UnknownLoginConfiguration : IEntityTypeConfiguration<UnknownLogin>
{
    public void Configure(EntityTypeBuilder<UnknownLogin> builder)
    {
        builder.HasKey(l => l.LoginHash);
        builder.Property(l => l.LoginHash).HasMaxLength(64);

        // Forgotten runs are deleted (Lockout): found by their start.
        builder.HasIndex(l => l.FirstFailedSignInAt);
    }
}
