using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewMediaCms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InspectionRectificationItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RectificationNoticeItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NoticeId = table.Column<long>(type: "INTEGER", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FindingId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Task = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationNoticeItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RectificationNoticeItems_RectificationNotices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "RectificationNotices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationNotices_RunId_AccountId",
                table: "RectificationNotices",
                columns: new[] { "RunId", "AccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationNoticeItems_NoticeId",
                table: "RectificationNoticeItems",
                column: "NoticeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RectificationNoticeItems");

            migrationBuilder.DropIndex(
                name: "IX_RectificationNotices_RunId_AccountId",
                table: "RectificationNotices");
        }
    }
}
