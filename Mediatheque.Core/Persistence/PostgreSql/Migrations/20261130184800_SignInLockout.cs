using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediatheque.Core.Persistence.PostgreSql.Migrations
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UnknownLogins",
                columns: table => new
                {
                    LoginHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FailedSignInCount = table.Column<int>(type: "integer", nullable: false),
                    FirstFailedSignInAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
