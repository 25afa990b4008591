using Mediatheque.Core.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.Property(n => n.Kind).HasConversion<int>();
        builder.Property(n => n.Status).HasConversion<int>();
        builder.Property(n => n.Recipient).HasMaxLength(254).IsRequired();
        builder.Property(n => n.UserIds).IsRequired();
        builder.Property(n => n.Subject).HasMaxLength(300).IsRequired();
        builder.Property(n => n.Body).IsRequired();
        builder.Property(n => n.LastError).HasMaxLength(500);
        // A sender's marks are saved only while its claim stands (DbUpdateConcurrencyException otherwise).
        builder.Property(n => n.ClaimedBy).HasMaxLength(32).IsConcurrencyToken();
        builder.HasIndex(n => new { n.Status, n.NextAttemptAt });
        builder.HasIndex(n => n.ChangeId);
        // A school's settings page lists its failed notices.
        builder.HasIndex(n => new { n.SchoolId, n.Status });
        builder.HasOne<Mediatheque.Core.Schools.School>().WithMany().HasForeignKey(n => n.SchoolId).OnDelete(DeleteBehavior.Cascade);
    }
}
