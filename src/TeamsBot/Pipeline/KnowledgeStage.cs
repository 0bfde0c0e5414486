using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Model;

namespace TeamsBot.Pipeline;

/// <summary>
/// Grounds the answer in the asker's own files and the admin collections they may read, in the personal chat only (in
/// channels and group chats others read the answer, and whether everyone there may read a collection cannot be known
/// reliably while the roster changes, so neither private files nor collections are searched there). The passages most relevant to the question, searched inside
/// the asker's access, are quoted into the prompt as untrusted data and numbered, and become the answer's citations.
/// A question that asks about their files when none is relevant is answered with a card saying so, without the model,
/// so the answer cannot be a guess.
/// </summary>
public sealed partial class KnowledgeStage(
    IKnowledgeStore store,
    IServiceProvider services,
    IOptionsMonitor<KnowledgeOptions> knowledge,
    IOptions<EmbeddingOptions> embeddings,
    ITokenCounter tokens,
    IOptionsMonitor<ModelOptions> model,
    ILogger<KnowledgeStage> logger) : ITurnStage
{
    /// <summary>Passages quoted at most: enough to answer from, few enough to read and cite.</summary>
    internal const int MaxPassages = 5;

    internal static string StillReadingNote(int reading) => reading == 1
        ? "One file you sent is still being read, so this answer does not use it yet."
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{reading} files you sent are still being read, so this answer does not use them yet.");

    /// <summary>Said on the answer when group membership could not be read, so collections were not searched.</summary>
    internal const string CollectionsWithheldNote =
        "I could not check your group memberships just now, so this answer does not use the company's document "
        + "collections, only your own files.";

    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        if (!knowledge.CurrentValue.Enabled || turn.Scope != ConversationScope.Personal)
        {
            await next(turn, cancellationToken);
            return;
        }

        // The asker's access: own files, and the collections their groups may read (none when Graph cannot say).
        var access = await services.GetRequiredService<CollectionAccess>()
            .ResolveAsync(turn.TenantId, turn.UserId, cancellationToken);
        if (access.CollectionsWithheld)
        {
            turn.Notes.Add(CollectionsWithheldNote);
        }

        var owned = await store.ListOwnedAsync(turn.TenantId, turn.UserId, cancellationToken);
        // A file still being read has no passages yet: not counted as searched, and the answer says it is not used.
        int files = owned.Count(d => d.State != KnowledgeDocumentState.Reading);
        if (files < owned.Count)
        {
            turn.Notes.Add(StillReadingNote(owned.Count - files));
        }

        int collections = access.Access.CollectionIds.Count;
        if (files == 0 && collections == 0)
        {
            await next(turn, cancellationToken);
            return;
        }

        long started = Stopwatch.GetTimestamp();
        IReadOnlyList<RetrievedPassage> passages;
        try
        {
            // Resolved here, not at construction: the local model loads on first use, not when the pipeline is built.
            var embedder = services.GetRequiredService<PassageEmbedder>();
            var index = services.GetRequiredService<IKnowledgeIndex>();
            var vector = (await embedder.EmbedAsync([turn.Text], cancellationToken))[0];
            // The access is a condition inside the search's SQL: nothing else is read, ranked or quoted.
            passages = await index.SearchAsync(new KnowledgeQuery(access.Access,
                turn.Text, vector, embedder.ModelId, MaxPassages, embeddings.Value.MinSimilarity), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Searching failed (the embeddings endpoint, most likely): answer without the files, and say so.
            LogSearchFailed(turn.TurnId, exception.GetType().Name);
            turn.Notes.Add("I could not search your files just now, so this answer does not use them.");
            await next(turn, cancellationToken);
            return;
        }

        double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogSearched(turn.TurnId, files, collections, passages.Count, elapsedMs);
        if (passages.Count == 0)
        {
            if (AsksAboutFiles(turn.Text))
            {
                turn.Refuse("knowledge.nothing_relevant");
                await turn.Reply.SendCardAsync(KnowledgeCards.NothingFoundInFiles(files), cancellationToken);
                return;
            }

            await next(turn, cancellationToken);
            return;
        }

        Quote(turn, passages);
        await next(turn, cancellationToken);
    }

    /// <summary>
    /// Whether a question refers to the person's files ("in my files", "the PDF", "the document I sent"): for such a
    /// question an answer from general knowledge would pass for one from their files.
    /// </summary>
    internal static bool AsksAboutFiles(string text) => FileWords().IsMatch(text);

    /// <summary>
    /// Puts the passages into the prompt: the rules into the system message, the quoted passages just before the
    /// question. They are worth more than old turns: the oldest turns go until the prompt fits the budget, then the
    /// least relevant passages.
    /// </summary>
    private void Quote(TurnRequest turn, IReadOnlyList<RetrievedPassage> passages)
    {
        int budget = model.CurrentValue.MaxPromptTokens;
        var kept = passages.ToList();
        string quoted = KnowledgePrompt.Passages(kept);
        var system = turn.Prompt[0];
        string systemText = system.Text + "\n\n" + KnowledgePrompt.Rules;
        int Fixed() => tokens.Count(systemText) + tokens.Count(quoted) + turn.TextTokens;
        while (kept.Count > 0 && Fixed() > budget)
        {
            kept.RemoveAt(kept.Count - 1);
            quoted = KnowledgePrompt.Passages(kept);
        }

        if (kept.Count == 0)
        {
            return;
        }

        int history = turn.Prompt.Skip(1).SkipLast(1).Sum(m => tokens.Count(m.Text));
        while (turn.Prompt.Count > 2 && Fixed() + history > budget)
        {
            history -= tokens.Count(turn.Prompt[1].Text);
            turn.Prompt.RemoveAt(1);
        }

        turn.Prompt[0] = new ChatMessage(ChatRole.System, systemText);
        turn.Prompt.Insert(turn.Prompt.Count - 1, new ChatMessage(ChatRole.User, quoted));
        for (int i = 0; i < kept.Count; i++)
        {
            turn.Citations.Add(new AnswerCitation(i + 1, KnowledgePrompt.Source(kept[i]), KnowledgePrompt.Abstract(kept[i])));
        }
    }

    [GeneratedRegex(@"\b(files?|documents?|docs?|pdfs?|attachments?|upload(ed|s)?|spreadsheets?|slides?|decks?|sent you)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FileWords();

    [LoggerMessage(EventId = 1910, Level = LogLevel.Information,
        Message = "Turn {TurnId}: searched {Files} files and {Collections} collections, {Passages} relevant passages in {ElapsedMs:F0} ms")]
    private partial void LogSearched(long turnId, int files, int collections, int passages, double elapsedMs);

    [LoggerMessage(EventId = 1911, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: searching the user's files failed ({ExceptionType}); answered without them")]
    private partial void LogSearchFailed(long turnId, string exceptionType);
}
