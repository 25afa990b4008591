using Mediatheque.Core.PictureSignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class PictureSecretConfiguration : IEntityTypeConfiguration<PictureSecret>
{
    public void Configure(EntityTypeBuilder<PictureSecret> builder)
    {
        // One secret per pupil: the user's id is the key, so a new sequence replaces the old one.
        builder.HasKey(s => s.UserId);
        builder.HasOne(s => s.User).WithOne().HasForeignKey<PictureSecret>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.SequenceHash).HasMaxLength(64).IsRequired();
    }
}
