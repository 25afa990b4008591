using Mediatheque.Core.LoginCards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class LoginCardConfiguration : IEntityTypeConfiguration<LoginCard>
{
    public void Configure(EntityTypeBuilder<LoginCard> builder)
    {
        // One card per pupil: the user's id is the key, so printing a new card replaces the old one.
        builder.HasKey(c => c.UserId);
        builder.HasOne(c => c.User).WithOne().HasForeignKey<LoginCard>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => c.TokenHash).IsUnique();
    }
}
