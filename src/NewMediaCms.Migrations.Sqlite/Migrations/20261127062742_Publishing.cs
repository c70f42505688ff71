using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewMediaCms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Publishing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PublicationSchedules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentItemId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DueUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    JobId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicationSchedules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PublicationSchedules_ContentVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ContentVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScheduleMisses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentItemId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DueUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CaughtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduleMisses", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PublicationSchedules_TenantId_DueUtc",
                table: "PublicationSchedules",
                columns: new[] { "TenantId", "DueUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PublicationSchedules_VersionId_Kind",
                table: "PublicationSchedules",
                columns: new[] { "VersionId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleMisses_TenantId_CaughtUtc",
                table: "ScheduleMisses",
                columns: new[] { "TenantId", "CaughtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PublicationSchedules");

            migrationBuilder.DropTable(
                name: "ScheduleMisses");
        }
    }
}
