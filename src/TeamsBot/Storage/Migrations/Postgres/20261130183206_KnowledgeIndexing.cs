using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsBot.Storage.Migrations.Postgres
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "IndexingLeaseOwner",
                table: "knowledge_documents",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "IndexingLeaseUntil",
                table: "knowledge_documents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeActivityId",
                table: "knowledge_documents",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeReferenceJson",
                table: "knowledge_documents",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "knowledge_documents",
                type: "integer",
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
