namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// What a partition's documents are, in three numbers read cheaply from the documents table: how many documents of the
/// model it holds, their largest id and the sum of their ids. A document's passages get their vectors in the same
/// transaction that gives it its embedding model (so it joins the partition with all of them), passages are deleted
/// only with their document, and document ids are never reused (AUTOINCREMENT on SQLite, identity on PostgreSQL), so a
/// document indexed, replaced or deleted always changes the stamp.
/// </summary>
internal readonly record struct PartitionStamp(long Documents, long MaxDocumentId, long DocumentIdSum);
