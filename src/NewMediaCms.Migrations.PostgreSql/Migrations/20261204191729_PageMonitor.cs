using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NewMediaCms.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PageMonitor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BrokenLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PageUrl = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    LinkUrl = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: false),
                    CheckedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokenLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MonitoredPages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ContentItemId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Path = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Title = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    NeedsSeal = table.Column<bool>(type: "boolean", nullable: false),
                    Removed = table.Column<bool>(type: "boolean", nullable: false),
                    HtmlHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TextHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PreviousTextHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PreviousHtmlHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SealText = table.Column<string>(type: "text", nullable: true),
                    SealLinks = table.Column<string>(type: "text", nullable: true),
                    InternalLinks = table.Column<string>(type: "text", nullable: true),
                    SealFindings = table.Column<string>(type: "text", nullable: true),
                    SealedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PreviousSealedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastCheckedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastResult = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LastDetail = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoredPages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PageIncidents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PageId = table.Column<long>(type: "bigint", nullable: false),
                    Url = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RuleCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Summary = table.Column<string>(type: "text", nullable: false),
                    Findings = table.Column<string>(type: "text", nullable: false),
                    UserAgent = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    FetchedHtml = table.Column<string>(type: "text", nullable: false),
                    Diff = table.Column<string>(type: "text", nullable: false),
                    Screenshot = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    OpenedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HandledUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HandledBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    HandledNote = table.Column<string>(type: "text", nullable: true),
                    RestoreState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    RestoredUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PageIncidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SiteProbes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Url = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Ok = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: true),
                    ElapsedMs = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteProbes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BrokenLinks_TenantId",
                table: "BrokenLinks",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoredPages_LastCheckedUtc",
                table: "MonitoredPages",
                column: "LastCheckedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoredPages_TenantId_Path",
                table: "MonitoredPages",
                columns: new[] { "TenantId", "Path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PageIncidents_PageId_Kind",
                table: "PageIncidents",
                columns: new[] { "PageId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_PageIncidents_TenantId_OpenedUtc",
                table: "PageIncidents",
                columns: new[] { "TenantId", "OpenedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SiteProbes_TenantId_AtUtc",
                table: "SiteProbes",
                columns: new[] { "TenantId", "AtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BrokenLinks");

            migrationBuilder.DropTable(
                name: "MonitoredPages");

            migrationBuilder.DropTable(
                name: "PageIncidents");

            migrationBuilder.DropTable(
                name: "SiteProbes");
        }
    }
}
