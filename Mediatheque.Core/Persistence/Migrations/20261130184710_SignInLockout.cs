using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediatheque.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SignInLockout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstFailedSignInAt",
                table: "Users",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UnknownLogins",
                columns: table => new
                {
                    LoginHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FailedSignInCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstFailedSignInAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnknownLogins", x => x.LoginHash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UnknownLogins_FirstFailedSignInAt",
                table: "UnknownLogins",
                column: "FirstFailedSignInAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UnknownLogins");

            migrationBuilder.DropColumn(
                name: "FirstFailedSignInAt",
                table: "Users");
        }
    }
}
