using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediatheque.Core.Persistence.Migrations
{
    /// <summary>
    /// Several schools in one deployment (issue 20). A database of one school becomes that school with everything it holds:
    /// one School row (named at the next start-up from Mediatheque:SchoolName, SchoolSetup), each user's login, password and
    /// lockout moved to an Account under the same id (so open sessions stay open), users, groups, journal lines and directory
    /// runs, notices and notice settings given that school. « Users.SchoolId », which was the Id Établissement, is renamed « EstablishmentId ».
    /// SQLite cannot add a foreign key or drop a column in place: Users, Groups and Sessions are rebuilt here by hand, with
    /// foreign keys off (dropping Users with them on would cascade to memberships and cards), as SQLite's documentation
    /// describes, and the word index, counters and triggers of GridSearch and GridCounters are created again for schools.
    /// </summary>
    public partial class Schools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Foreign keys off around the whole migration (its one transaction runs in between), as EF's own table rebuilds do.
            migrationBuilder.Sql("PRAGMA foreign_keys = 0;", suppressTransaction: true);
            migrationBuilder.CreateTable(
                name: "Schools",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    Uai = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    TeacherScope = table.Column<int>(type: "INTEGER", nullable: false),
                    AnnuaireName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AnnuairePasswordPageUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Schools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Login = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE"),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    MustChangePassword = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordChangedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSignInAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FailedSignInCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstFailedSignInAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsPlatformAdministrator = table.Column<bool>(type: "INTEGER", nullable: false),
                    Nom = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Prenom = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.Sql("""
                INSERT INTO Schools (Name, Uai, TeacherScope, CreatedAt)
                    SELECT '', NULL, 0, strftime('%Y-%m-%d %H:%M:%f', 'now')
                    WHERE EXISTS (SELECT 1 FROM Users) OR EXISTS (SELECT 1 FROM Groups) OR EXISTS (SELECT 1 FROM AnnuaireRuns);
                INSERT INTO Accounts (Id, Login, PasswordHash, MustChangePassword, PasswordChangedAt, LastSignInAt,
                        FailedSignInCount, FirstFailedSignInAt, LockedUntil, SecurityStamp, IsPlatformAdministrator, Nom, Prenom, CreatedAt, Version)
                    SELECT Id, Login, PasswordHash, MustChangePassword, PasswordChangedAt, LastSignInAt,
                        FailedSignInCount, FirstFailedSignInAt, LockedUntil, SecurityStamp, 0, NULL, NULL, CreatedAt, 0
                    FROM Users;
                """);

            migrationBuilder.Sql("""
                -- Triggers of other tables that name Users would make the rename below fail while Users is gone.
                DROP TRIGGER IF EXISTS Memberships_GroupCount_Insert;
                DROP TRIGGER IF EXISTS Memberships_GroupCount_Delete;
                DROP TRIGGER IF EXISTS Memberships_GroupCount_Update;
                CREATE TEMP TABLE schools_users_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'Users';

                CREATE TABLE "ef_temp_Users" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY AUTOINCREMENT,
                    "SchoolId" INTEGER NOT NULL,
                    "AccountId" INTEGER NOT NULL,
                    "Nom" TEXT NOT NULL,
                    "Prenom" TEXT NOT NULL,
                    "Profil" INTEGER NOT NULL,
                    "Login" TEXT COLLATE NOCASE NOT NULL,
                    "NationalId" TEXT COLLATE NOCASE NULL,
                    "EstablishmentId" TEXT COLLATE NOCASE NULL,
                    "Email" TEXT NULL,
                    "NetworkFolder" TEXT NULL,
                    "Photo" BLOB NULL,
                    "PhotoContentType" TEXT NULL,
                    "BirthDate" TEXT NULL,
                    "IsActive" INTEGER NOT NULL,
                    "DeactivatedBy" INTEGER NULL,
                    "Source" INTEGER NOT NULL,
                    "AnnuaireId" TEXT NULL,
                    "CreatedAt" TEXT NOT NULL,
                    "UpdatedAt" TEXT NOT NULL,
                    "Version" INTEGER NOT NULL,
                    "SearchKey" TEXT NOT NULL,
                    "SortKey" TEXT NOT NULL,
                    "PrenomSortKey" TEXT NOT NULL,
                    CONSTRAINT "FK_Users_Accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "Accounts" ("Id") ON DELETE RESTRICT,
                    CONSTRAINT "FK_Users_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE RESTRICT
                );
                INSERT INTO "ef_temp_Users" ("Id", "SchoolId", "AccountId", "Nom", "Prenom", "Profil", "Login", "NationalId", "EstablishmentId",
                        "Email", "NetworkFolder", "Photo", "PhotoContentType", "BirthDate", "IsActive", "DeactivatedBy", "Source", "AnnuaireId",
                        "CreatedAt", "UpdatedAt", "Version", "SearchKey", "SortKey", "PrenomSortKey")
                    SELECT "Id", (SELECT min("Id") FROM "Schools"), "Id", "Nom", "Prenom", "Profil", "Login", "NationalId", "SchoolId",
                        "Email", "NetworkFolder", "Photo", "PhotoContentType", "BirthDate", "IsActive", "DeactivatedBy", "Source", "AnnuaireId",
                        "CreatedAt", "UpdatedAt", "Version", "SearchKey", "SortKey", "PrenomSortKey"
                    FROM "Users";
                DROP TABLE "Users";
                ALTER TABLE "ef_temp_Users" RENAME TO "Users";
                -- AUTOINCREMENT: the ids of users deleted before stay unused (journal lines name them).
                UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM temp.schools_users_sequence), 0)) WHERE name = 'Users';
                DROP TABLE temp.schools_users_sequence;
                CREATE UNIQUE INDEX "IX_Users_AccountId_SchoolId" ON "Users" ("AccountId", "SchoolId");
                CREATE INDEX "IX_Users_Id_IsActive" ON "Users" ("Id", "IsActive");
                CREATE UNIQUE INDEX "IX_Users_SchoolId_AnnuaireId" ON "Users" ("SchoolId", "AnnuaireId") WHERE AnnuaireId IS NOT NULL;
                CREATE UNIQUE INDEX "IX_Users_SchoolId_EstablishmentId" ON "Users" ("SchoolId", "EstablishmentId") WHERE EstablishmentId IS NOT NULL;
                CREATE INDEX "IX_Users_SchoolId_IsActive_EstablishmentId" ON "Users" ("SchoolId", "IsActive", "EstablishmentId");
                CREATE INDEX "IX_Users_SchoolId_IsActive_Login" ON "Users" ("SchoolId", "IsActive", "Login");
                CREATE INDEX "IX_Users_SchoolId_IsActive_NationalId" ON "Users" ("SchoolId", "IsActive", "NationalId");
                CREATE INDEX "IX_Users_SchoolId_IsActive_PrenomSortKey" ON "Users" ("SchoolId", "IsActive", "PrenomSortKey");
                CREATE INDEX "IX_Users_SchoolId_IsActive_SortKey_SearchKey" ON "Users" ("SchoolId", "IsActive", "SortKey", "SearchKey");
                CREATE UNIQUE INDEX "IX_Users_SchoolId_Login" ON "Users" ("SchoolId", "Login");
                CREATE UNIQUE INDEX "IX_Users_SchoolId_NationalId" ON "Users" ("SchoolId", "NationalId") WHERE NationalId IS NOT NULL;
                CREATE INDEX "IX_Users_SchoolId_Profil_IsActive_SortKey" ON "Users" ("SchoolId", "Profil", "IsActive", "SortKey");

                CREATE TABLE "ef_temp_Groups" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_Groups" PRIMARY KEY AUTOINCREMENT,
                    "SchoolId" INTEGER NOT NULL,
                    "Name" TEXT COLLATE NOCASE NOT NULL,
                    "Type" INTEGER NOT NULL,
                    CONSTRAINT "FK_Groups_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE RESTRICT
                );
                INSERT INTO "ef_temp_Groups" ("Id", "SchoolId", "Name", "Type")
                    SELECT "Id", (SELECT min("Id") FROM "Schools"), "Name", "Type" FROM "Groups";
                DROP TABLE "Groups";
                ALTER TABLE "ef_temp_Groups" RENAME TO "Groups";
                CREATE UNIQUE INDEX "IX_Groups_SchoolId_Type_Name" ON "Groups" ("SchoolId", "Type", "Name");

                CREATE TABLE "ef_temp_Sessions" (
                    "Id" TEXT NOT NULL CONSTRAINT "PK_Sessions" PRIMARY KEY,
                    "AccountId" INTEGER NOT NULL,
                    "CreatedAt" TEXT NOT NULL,
                    "ExpiresAt" TEXT NOT NULL,
                    "LastSeenAt" TEXT NOT NULL,
                    "IpAddress" TEXT NULL,
                    "LoginCardHash" TEXT NULL,
                    CONSTRAINT "FK_Sessions_Accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "Accounts" ("Id") ON DELETE CASCADE
                );
                INSERT INTO "ef_temp_Sessions" ("Id", "AccountId", "CreatedAt", "ExpiresAt", "LastSeenAt", "IpAddress", "LoginCardHash")
                    SELECT "Id", "UserId", "CreatedAt", "ExpiresAt", "LastSeenAt", "IpAddress", "LoginCardHash" FROM "Sessions";
                DROP TABLE "Sessions";
                ALTER TABLE "ef_temp_Sessions" RENAME TO "Sessions";
                CREATE INDEX "IX_Sessions_AccountId" ON "Sessions" ("AccountId");
                CREATE INDEX "IX_Sessions_ExpiresAt" ON "Sessions" ("ExpiresAt");

                CREATE TABLE "ef_temp_AnnuaireRuns" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_AnnuaireRuns" PRIMARY KEY AUTOINCREMENT,
                    "SchoolId" INTEGER NOT NULL,
                    "StartedAt" TEXT NOT NULL,
                    "FinishedAt" TEXT NOT NULL,
                    "Trigger" TEXT NOT NULL,
                    "Succeeded" INTEGER NOT NULL,
                    "Error" TEXT NULL,
                    "Entries" INTEGER NOT NULL,
                    "Created" INTEGER NOT NULL,
                    "Updated" INTEGER NOT NULL,
                    "Deactivated" INTEGER NOT NULL,
                    "Unchanged" INTEGER NOT NULL,
                    "Skipped" INTEGER NOT NULL,
                    "Issues" TEXT NULL
                );
                INSERT INTO "ef_temp_AnnuaireRuns" ("Id", "SchoolId", "StartedAt", "FinishedAt", "Trigger", "Succeeded", "Error", "Entries",
                        "Created", "Updated", "Deactivated", "Unchanged", "Skipped", "Issues")
                    SELECT "Id", (SELECT min("Id") FROM "Schools"), "StartedAt", "FinishedAt", "Trigger", "Succeeded", "Error", "Entries",
                        "Created", "Updated", "Deactivated", "Unchanged", "Skipped", "Issues"
                    FROM "AnnuaireRuns";
                DROP TABLE "AnnuaireRuns";
                ALTER TABLE "ef_temp_AnnuaireRuns" RENAME TO "AnnuaireRuns";
                CREATE INDEX "IX_AnnuaireRuns_SchoolId_StartedAt" ON "AnnuaireRuns" ("SchoolId", "StartedAt");

                -- The notices (issue 23): the one school's settings, changes and notices become that school's.
                CREATE TABLE "ef_temp_NoticeSettings" (
                    "SchoolId" INTEGER NOT NULL CONSTRAINT "PK_NoticeSettings" PRIMARY KEY,
                    "NotifyUsers" INTEGER NOT NULL,
                    "NotifyLegalRepresentatives" INTEGER NOT NULL,
                    "UpdatedAt" TEXT NULL,
                    CONSTRAINT "FK_NoticeSettings_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE CASCADE
                );
                INSERT INTO "ef_temp_NoticeSettings" ("SchoolId", "NotifyUsers", "NotifyLegalRepresentatives", "UpdatedAt")
                    SELECT (SELECT min("Id") FROM "Schools"), "NotifyUsers", "NotifyLegalRepresentatives", "UpdatedAt" FROM "NoticeSettings"
                    WHERE EXISTS (SELECT 1 FROM "Schools") ORDER BY "Id" LIMIT 1;
                DROP TABLE "NoticeSettings";
                ALTER TABLE "ef_temp_NoticeSettings" RENAME TO "NoticeSettings";

                CREATE TABLE "ef_temp_CredentialChanges" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_CredentialChanges" PRIMARY KEY AUTOINCREMENT,
                    "At" TEXT NOT NULL,
                    "Kind" INTEGER NOT NULL,
                    "SchoolId" INTEGER NOT NULL,
                    "ActorId" INTEGER NULL,
                    "TargetIds" TEXT NOT NULL,
                    "ExpandedAt" TEXT NULL,
                    CONSTRAINT "FK_CredentialChanges_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE CASCADE
                );
                INSERT INTO "ef_temp_CredentialChanges" ("Id", "At", "Kind", "SchoolId", "ActorId", "TargetIds", "ExpandedAt")
                    SELECT "Id", "At", "Kind", (SELECT min("Id") FROM "Schools"), "ActorId", "TargetIds", "ExpandedAt" FROM "CredentialChanges"
                    WHERE EXISTS (SELECT 1 FROM "Schools");
                DROP TABLE "CredentialChanges";
                ALTER TABLE "ef_temp_CredentialChanges" RENAME TO "CredentialChanges";
                CREATE INDEX "IX_CredentialChanges_ExpandedAt" ON "CredentialChanges" ("ExpandedAt");
                CREATE INDEX "IX_CredentialChanges_SchoolId" ON "CredentialChanges" ("SchoolId");

                CREATE TABLE "ef_temp_Notices" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_Notices" PRIMARY KEY AUTOINCREMENT,
                    "ChangeId" INTEGER NOT NULL,
                    "SchoolId" INTEGER NOT NULL,
                    "Kind" INTEGER NOT NULL,
                    "Recipient" TEXT NOT NULL,
                    "ToLegalRepresentative" INTEGER NOT NULL,
                    "UserIds" TEXT NOT NULL,
                    "Subject" TEXT NOT NULL,
                    "Body" TEXT NOT NULL,
                    "Status" INTEGER NOT NULL,
                    "Attempts" INTEGER NOT NULL,
                    "CreatedAt" TEXT NOT NULL,
                    "NextAttemptAt" TEXT NOT NULL,
                    "ClaimedBy" TEXT NULL,
                    "ClaimedUntil" TEXT NULL,
                    "SentAt" TEXT NULL,
                    "LastError" TEXT NULL,
                    CONSTRAINT "FK_Notices_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE CASCADE
                );
                INSERT INTO "ef_temp_Notices" ("Id", "ChangeId", "SchoolId", "Kind", "Recipient", "ToLegalRepresentative", "UserIds", "Subject",
                        "Body", "Status", "Attempts", "CreatedAt", "NextAttemptAt", "ClaimedBy", "ClaimedUntil", "SentAt", "LastError")
                    SELECT "Id", "ChangeId", (SELECT min("Id") FROM "Schools"), "Kind", "Recipient", "ToLegalRepresentative", "UserIds", "Subject",
                        "Body", "Status", "Attempts", "CreatedAt", "NextAttemptAt", "ClaimedBy", "ClaimedUntil", "SentAt", "LastError" FROM "Notices"
                    WHERE EXISTS (SELECT 1 FROM "Schools");
                DROP TABLE "Notices";
                ALTER TABLE "ef_temp_Notices" RENAME TO "Notices";
                CREATE INDEX "IX_Notices_ChangeId" ON "Notices" ("ChangeId");
                CREATE INDEX "IX_Notices_SchoolId_Status" ON "Notices" ("SchoolId", "Status");
                CREATE INDEX "IX_Notices_Status_NextAttemptAt" ON "Notices" ("Status", "NextAttemptAt");

                ALTER TABLE "AuditEntries" ADD "SchoolId" INTEGER NULL;
                UPDATE "AuditEntries" SET "SchoolId" = (SELECT min("Id") FROM "Schools");
                DROP INDEX "IX_AuditEntries_At";
                DROP INDEX "IX_AuditEntries_Action_At";
                CREATE INDEX "IX_AuditEntries_SchoolId_At" ON "AuditEntries" ("SchoolId", "At");
                CREATE INDEX "IX_AuditEntries_SchoolId_Action_At" ON "AuditEntries" ("SchoolId", "Action", "At");

                CREATE INDEX "IX_Accounts_LockedUntil" ON "Accounts" ("LockedUntil");
                CREATE UNIQUE INDEX "IX_Accounts_Login" ON "Accounts" ("Login");
                CREATE UNIQUE INDEX "IX_Schools_Uai" ON "Schools" ("Uai");
                """);

            // The search box's word index and the counters, per school now (SqliteUserSearch), and the group counts'
            // triggers, created again with the SQL written out here, as on 2026-12-06: the rebuilt Users table lost them.
            // Tags: « s3a1 » (active in school 3), « s3a1p0 » (active ÉLÈVE of school 3).
            migrationBuilder.Sql("""
                DROP TABLE UserCounts;
                CREATE TABLE UserCounts (
                    SchoolId INTEGER NOT NULL, IsActive INTEGER NOT NULL, Profil INTEGER NOT NULL, Count INTEGER NOT NULL,
                    PRIMARY KEY (SchoolId, IsActive, Profil)) WITHOUT ROWID;
                INSERT INTO UserCounts (SchoolId, IsActive, Profil, Count)
                    SELECT SchoolId, IsActive, Profil, count(*) FROM Users GROUP BY SchoolId, IsActive, Profil;
                INSERT INTO UserSearch (UserSearch) VALUES ('delete-all');
                INSERT INTO UserSearch (rowid, SearchKey, Tags)
                    SELECT Id, SearchKey, 's' || SchoolId || 'a' || IsActive || ' s' || SchoolId || 'a' || IsActive || 'p' || Profil FROM Users;

                CREATE TRIGGER Users_Index_Insert AFTER INSERT ON Users BEGIN
                    INSERT INTO UserSearch (rowid, SearchKey, Tags)
                        VALUES (new.Id, new.SearchKey, 's' || new.SchoolId || 'a' || new.IsActive || ' s' || new.SchoolId || 'a' || new.IsActive || 'p' || new.Profil);
                    INSERT INTO UserCounts (SchoolId, IsActive, Profil, Count) VALUES (new.SchoolId, new.IsActive, new.Profil, 1)
                        ON CONFLICT (SchoolId, IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Users_Index_Update AFTER UPDATE OF SearchKey, IsActive, Profil, SchoolId ON Users
                    WHEN old.SearchKey IS NOT new.SearchKey OR old.IsActive IS NOT new.IsActive OR old.Profil IS NOT new.Profil
                        OR old.SchoolId IS NOT new.SchoolId BEGIN
                    INSERT INTO UserSearch (UserSearch, rowid, SearchKey, Tags)
                        VALUES ('delete', old.Id, old.SearchKey, 's' || old.SchoolId || 'a' || old.IsActive || ' s' || old.SchoolId || 'a' || old.IsActive || 'p' || old.Profil);
                    INSERT INTO UserSearch (rowid, SearchKey, Tags)
                        VALUES (new.Id, new.SearchKey, 's' || new.SchoolId || 'a' || new.IsActive || ' s' || new.SchoolId || 'a' || new.IsActive || 'p' || new.Profil);
                    UPDATE UserCounts SET Count = Count - 1 WHERE SchoolId = old.SchoolId AND IsActive = old.IsActive AND Profil = old.Profil;
                    INSERT INTO UserCounts (SchoolId, IsActive, Profil, Count) VALUES (new.SchoolId, new.IsActive, new.Profil, 1)
                        ON CONFLICT (SchoolId, IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Users_Index_Delete AFTER DELETE ON Users BEGIN
                    INSERT INTO UserSearch (UserSearch, rowid, SearchKey, Tags)
                        VALUES ('delete', old.Id, old.SearchKey, 's' || old.SchoolId || 'a' || old.IsActive || ' s' || old.SchoolId || 'a' || old.IsActive || 'p' || old.Profil);
                    UPDATE UserCounts SET Count = Count - 1 WHERE SchoolId = old.SchoolId AND IsActive = old.IsActive AND Profil = old.Profil;
                END;

                CREATE TRIGGER Memberships_GroupCount_Insert AFTER INSERT ON Memberships BEGIN
                    INSERT INTO GroupCounts (GroupId, IsActive, Profil, Count)
                        SELECT new.GroupId, IsActive, Profil, 1 FROM Users WHERE Id = new.UserId
                        ON CONFLICT (GroupId, IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Memberships_GroupCount_Delete AFTER DELETE ON Memberships BEGIN
                    UPDATE GroupCounts SET Count = Count - 1
                        WHERE GroupId = old.GroupId AND (IsActive, Profil) = (SELECT IsActive, Profil FROM Users WHERE Id = old.UserId);
                END;
                CREATE TRIGGER Memberships_GroupCount_Update AFTER UPDATE OF UserId, GroupId ON Memberships BEGIN
                    UPDATE GroupCounts SET Count = Count - 1
                        WHERE GroupId = old.GroupId AND (IsActive, Profil) = (SELECT IsActive, Profil FROM Users WHERE Id = old.UserId);
                    INSERT INTO GroupCounts (GroupId, IsActive, Profil, Count)
                        SELECT new.GroupId, IsActive, Profil, 1 FROM Users WHERE Id = new.UserId
                        ON CONFLICT (GroupId, IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Users_GroupCount_Update AFTER UPDATE OF IsActive, Profil ON Users
                    WHEN old.IsActive IS NOT new.IsActive OR old.Profil IS NOT new.Profil BEGIN
                    UPDATE GroupCounts SET Count = Count - 1
                        WHERE IsActive = old.IsActive AND Profil = old.Profil
                        AND GroupId IN (SELECT GroupId FROM Memberships WHERE UserId = old.Id);
                    INSERT INTO GroupCounts (GroupId, IsActive, Profil, Count)
                        SELECT GroupId, new.IsActive, new.Profil, 1 FROM Memberships WHERE UserId = new.Id
                        ON CONFLICT (GroupId, IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Users_GroupCount_Delete BEFORE DELETE ON Users BEGIN
                    DELETE FROM Memberships WHERE UserId = old.Id;
                END;
                """);
            migrationBuilder.Sql("PRAGMA foreign_keys = 1;", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            // Several schools cannot be folded back into one database of one school without choosing what to lose.
            throw new NotSupportedException("The Schools migration cannot be reverted: restore the backup taken before upgrading.");
    }
}
