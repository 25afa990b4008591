using Mediatheque.Core.PictureSignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class ClassSignInConfiguration : IEntityTypeConfiguration<ClassSignIn>
{
    public void Configure(EntityTypeBuilder<ClassSignIn> builder)
    {
        // One address per class: the group's id is the key, so a new address replaces the old one.
        builder.HasKey(c => c.GroupId);
        builder.HasOne(c => c.Group).WithOne().HasForeignKey<ClassSignIn>(c => c.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.CodeHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => c.CodeHash).IsUnique();
    }
}
