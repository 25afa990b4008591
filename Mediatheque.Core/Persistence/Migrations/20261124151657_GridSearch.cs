using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediatheque.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class GridSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_SortKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_SearchKey",
                table: "Users");

            migrationBuilder.AddColumn<string>(
                name: "PrenomSortKey",
                table: "Users",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_Login",
                table: "Users",
                columns: new[] { "IsActive", "Login" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_NationalId",
                table: "Users",
                columns: new[] { "IsActive", "NationalId" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_PrenomSortKey",
                table: "Users",
                columns: new[] { "IsActive", "PrenomSortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_SchoolId",
                table: "Users",
                columns: new[] { "IsActive", "SchoolId" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_SortKey_SearchKey",
                table: "Users",
                columns: new[] { "IsActive", "SortKey", "SearchKey" });

            // Rows saved before this migration: an approximate key (SQLite cannot strip accents);
            // the next save of each user writes the folded one.
            migrationBuilder.Sql("UPDATE Users SET PrenomSortKey = lower(Prenom || ' ' || Nom);");

            // The search box's FTS5 index, the user counters and the triggers that keep them (UserSearchIndex).
            migrationBuilder.Sql(UserSearchIndex.CreateSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(UserSearchIndex.DropSql);

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_Login",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_NationalId",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_PrenomSortKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_SchoolId",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_SortKey_SearchKey",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "PrenomSortKey",
                table: "Users");

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_SortKey",
                table: "Users",
                columns: new[] { "IsActive", "SortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_SearchKey",
                table: "Users",
                column: "SearchKey");
        }
    }
}
