using Mediatheque.Core.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class SchoolNoticeSettingsConfiguration : IEntityTypeConfiguration<SchoolNoticeSettings>
{
    public void Configure(EntityTypeBuilder<SchoolNoticeSettings> builder)
    {
        builder.ToTable("NoticeSettings");
        builder.HasKey(s => s.SchoolId);
        builder.Property(s => s.SchoolId).ValueGeneratedNever();
        builder.HasOne<Mediatheque.Core.Schools.School>().WithOne().HasForeignKey<SchoolNoticeSettings>(s => s.SchoolId).OnDelete(DeleteBehavior.Cascade);
    }
}
