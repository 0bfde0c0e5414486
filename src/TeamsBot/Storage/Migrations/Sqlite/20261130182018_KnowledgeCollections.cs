using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KnowledgeCollections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceVersion",
                table: "knowledge_documents",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "knowledge_collections",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Readers = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IndexedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextIndexAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IndexLeaseOwner = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    IndexLeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_collections", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_collections_NextIndexAt",
                table: "knowledge_collections",
                column: "NextIndexAt");

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_collections_TenantId_Name",
                table: "knowledge_collections",
                columns: new[] { "TenantId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "knowledge_collections");

            migrationBuilder.DropColumn(
                name: "SourceVersion",
                table: "knowledge_documents");
        }
    }
}
