using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KnowledgeIndexing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "IndexingAttempts",
                table: "knowledge_documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "IndexingLeaseOwner",
                table: "knowledge_documents",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "IndexingLeaseUntil",
                table: "knowledge_documents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeActivityId",
                table: "knowledge_documents",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeReferenceJson",
                table: "knowledge_documents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "knowledge_documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_documents_State",
                table: "knowledge_documents",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_knowledge_documents_State",
                table: "knowledge_documents");

            migrationBuilder.DropColumn(
                name: "IndexingAttempts",
                table: "knowledge_documents");

            migrationBuilder.DropColumn(
                name: "IndexingLeaseOwner",
                table: "knowledge_documents");

            migrationBuilder.DropColumn(
                name: "IndexingLeaseUntil",
                table: "knowledge_documents");

            migrationBuilder.DropColumn(
                name: "NoticeActivityId",
                table: "knowledge_documents");

            migrationBuilder.DropColumn(
                name: "NoticeReferenceJson",
                table: "knowledge_documents");

            migrationBuilder.DropColumn(
                name: "State",
                table: "knowledge_documents");
        }
    }
}
