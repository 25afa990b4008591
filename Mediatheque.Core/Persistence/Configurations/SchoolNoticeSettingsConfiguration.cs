using Mediatheque.Core.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class SchoolNoticeSettingsConfiguration : IEntityTypeConfiguration<SchoolNoticeSettings>
{
    public void Configure(EntityTypeBuilder<SchoolNoticeSettings> builder)
    {
        builder.ToTable("NoticeSettings");
        builder.Property(s => s.Id).ValueGeneratedNever();
    }
}
