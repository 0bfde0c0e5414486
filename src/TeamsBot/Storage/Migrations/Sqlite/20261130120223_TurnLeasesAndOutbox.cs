using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TurnLeasesAndOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AnswerDeliveredAt",
                table: "turns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnswerNote",
                table: "turns",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "turns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "NotBefore",
                table: "turns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "WaitNoticeSent",
                table: "turns",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "conversations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseUntil",
                table: "conversations",
                type: "TEXT",
                nullable: true);

            DeliveredAnswersBackfill.Apply(migrationBuilder);

            migrationBuilder.CreateIndex(
                name: "IX_turns_Status_AnswerDeliveredAt",
                table: "turns",
                columns: new[] { "Status", "AnswerDeliveredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_turns_Status_AnswerDeliveredAt",
                table: "turns");

            migrationBuilder.DropColumn(
                name: "AnswerDeliveredAt",
                table: "turns");

            migrationBuilder.DropColumn(
                name: "AnswerNote",
                table: "turns");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "turns");

            migrationBuilder.DropColumn(
                name: "NotBefore",
                table: "turns");

            migrationBuilder.DropColumn(
                name: "WaitNoticeSent",
                table: "turns");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "conversations");
        }
    }
}
