using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediatheque.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AccountStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The schools already there get issue 21's periods (LeavingPeriods' defaults) through the columns' defaults below;
            // the users the directory created are marked so (UserOrigin.Annuaire) once the column exists (end of Up).
            migrationBuilder.AddColumn<DateTime>(
                name: "DeactivatedAt",
                table: "Users",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeftAt",
                table: "Users",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Origin",
                table: "Users",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "LastRosterYear",
                table: "Schools",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PupilDeactivatedDays",
                table: "Schools",
                type: "INTEGER",
                nullable: false,
                defaultValue: 60);

            migrationBuilder.AddColumn<int>(
                name: "PupilPartiDays",
                table: "Schools",
                type: "INTEGER",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<int>(
                name: "StaffDeactivatedDays",
                table: "Schools",
                type: "INTEGER",
                nullable: false,
                defaultValue: 90);

            migrationBuilder.AddColumn<int>(
                name: "StaffPartiDays",
                table: "Schools",
                type: "INTEGER",
                nullable: false,
                defaultValue: 60);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastCompletedAt",
                table: "JobLeases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ArchivedAt",
                table: "Groups",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_DeactivatedAt",
                table: "Users",
                columns: new[] { "SchoolId", "DeactivatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_LeftAt",
                table: "Users",
                columns: new[] { "SchoolId", "LeftAt" });

            migrationBuilder.Sql("UPDATE \"Users\" SET \"Origin\" = 2 WHERE \"Source\" = 1;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Users_SchoolId_DeactivatedAt",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_SchoolId_LeftAt",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "LeftAt",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "LastRosterYear",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "PupilDeactivatedDays",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "PupilPartiDays",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "StaffDeactivatedDays",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "StaffPartiDays",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "LastCompletedAt",
                table: "JobLeases");

            migrationBuilder.DropColumn(
                name: "ArchivedAt",
                table: "Groups");
        }
    }
}
