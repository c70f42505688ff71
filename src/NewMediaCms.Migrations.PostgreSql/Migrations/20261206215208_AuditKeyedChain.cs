using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewMediaCms.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AuditKeyedChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BaseHash",
                table: "AuditHead",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "0000000000000000000000000000000000000000000000000000000000000000");

            migrationBuilder.AddColumn<long>(
                name: "BaseSequence",
                table: "AuditHead",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "KeyId",
                table: "AuditHead",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BaseHash",
                table: "AuditHead");

            migrationBuilder.DropColumn(
                name: "BaseSequence",
                table: "AuditHead");

            migrationBuilder.DropColumn(
                name: "KeyId",
                table: "AuditHead");
        }
    }
}
