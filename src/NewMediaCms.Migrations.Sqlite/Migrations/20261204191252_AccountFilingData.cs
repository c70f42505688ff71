using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewMediaCms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AccountFilingData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChangeNotice",
                table: "Accounts",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ChangeNoticeOn",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlatformAccountId",
                table: "Accounts",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Url",
                table: "Accounts",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ChangeNotice",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "ChangeNoticeOn",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "PlatformAccountId",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "Url",
                table: "Accounts");
        }
    }
}
