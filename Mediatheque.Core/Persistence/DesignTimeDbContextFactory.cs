using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Mediatheque.Core.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the context without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MediathequeDbContext>
{
    public MediathequeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MediathequeDbContext>().UseSqlite("Data Source=design.db").Options);
}
