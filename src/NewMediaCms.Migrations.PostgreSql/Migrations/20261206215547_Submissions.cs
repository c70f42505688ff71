using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NewMediaCms.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Submissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Submissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SourceTenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SourceItemId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SourceVersionId = table.Column<long>(type: "bigint", nullable: false),
                    SourceVersionNumber = table.Column<int>(type: "integer", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Markdown = table.Column<string>(type: "text", nullable: false),
                    FieldsJson = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SubmittedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    SubmittedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    DecidedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReturnReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AdoptedItemId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AdoptedAccountId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AdoptedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Submissions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_AdoptedItemId",
                table: "Submissions",
                column: "AdoptedItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_OpenVersion",
                table: "Submissions",
                columns: new[] { "TenantId", "SourceVersionId" },
                unique: true,
                filter: "\"State\" IN ('Open', 'Adopting')");

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_SourceTenantId_SubmittedUtc",
                table: "Submissions",
                columns: new[] { "SourceTenantId", "SubmittedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_TenantId_Key",
                table: "Submissions",
                columns: new[] { "TenantId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_TenantId_State",
                table: "Submissions",
                columns: new[] { "TenantId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Submissions");
        }
    }
}
