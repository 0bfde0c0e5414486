namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// What a partition's documents are, in three numbers read cheaply from the documents table. Passages are only ever
/// written with their document and deleted with it, and document ids are never reused (AUTOINCREMENT on SQLite,
/// identity on PostgreSQL), so a saved, replaced or deleted document always changes the stamp.
/// </summary>
internal readonly record struct PartitionStamp(long Documents, long MaxDocumentId, long DocumentIdSum);
