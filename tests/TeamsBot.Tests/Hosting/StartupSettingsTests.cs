using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using TeamsBot.Hosting;
using TeamsBot.Tests.Infra;

namespace TeamsBot.Tests.Hosting;

/// <summary>
/// A bad setting of any options class validated at startup stops the app with a line naming the configuration key,
/// checked on the app's real registrations (<see cref="HostingExtensions.AddTeamsBot"/>), one case per class.
/// </summary>
public sealed class StartupSettingsTests
{
    /// <summary>Options class → a bad setting → the line the administrator reads.</summary>
    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "ModelOptions", "Model:Temperature", "5", "Model:Temperature must be between 0 and 2." },
        { "ModelOptions", "Model:Provider", "Olama", "Model:Provider must be one of: AzureOpenAI, OpenAI." },
        { "ModelOptions", "Model:OutageWait", "2.00:00:00", "Model:OutageWait must be between 00:00:00 and 1.00:00:00 (a message waits at most a day)." },
        { "ModelOptions", "Model:BreakerFailures", "0", "Model:BreakerFailures must be between 1 and 100." },
        { "ModelOptions", "Model:BreakerBackoff", "00:10:00", "Model:BreakerBackoff must be between 00:00:01 and Model:MaxProbeDelay." },
        { "ConnectorOptions", "Connector:MaxAttempts", "0", "Connector:MaxAttempts must be between 1 and 10." },
        { "ConnectorOptions", "Connector:MaxDelay", "soon", "Connector:MaxDelay must be a time span such as 00:01:30 (hh:mm:ss)." },
        { "TurnsOptions", "Turns:LeaseDuration", "00:00:01", "Turns:LeaseDuration must be between 00:00:02 and 00:10:00." },
        { "TurnsOptions", "Turns:AnswerStoreWindow", "01:00:00", "Turns:AnswerStoreWindow must be between 00:00:01 and 00:30:00." },
        { "TurnsOptions", "Limits:ResumeWindow", "01:00:00", "Limits:ResumeWindow was removed: any instance now answers every waiting message until Turns:AnswerDeadline; remove the setting (see Turns:AnswerDeadline in the admin guide)." },
        { "ConnectorOptions", "Connector:DeliveryWindow", "00:00:00", "Connector:DeliveryWindow must be between 00:00:01 and 1.00:00:00." },
        { "LimitsOptions", "Limits:MaxInputChars", "0", "Limits:MaxInputChars must be between 1 and 100000." },
        { "LimitsOptions", "Limits:MaxConcurrentTurns", "many", "Limits:MaxConcurrentTurns must be a whole number." },
        { "LimitsOptions", "Limits:MaxConcurrentRequests", "0", "Limits:MaxConcurrentRequests must be between 1 and 1024." },
        { "LimitsOptions", "Limits:MaxQueuedRequests", "-1", "Limits:MaxQueuedRequests must be between 0 and 100000." },
        { "LimitsOptions", "Limits:ReceiptsFirstFor", "00:00:05", "Limits:ReceiptsFirstFor must be between 00:00:00 and 00:00:01." },
        { "StreamingOptions", "Streaming:ThinkingText", "", "Streaming:ThinkingText must be 1 to 1000 characters." },
        { "StreamingOptions", "Streaming:OpenAfter", "00:01:00", "Streaming:OpenAfter must be between 0 and 30 seconds." },
        { "StorageOptions", "Storage:Provider", "MySql", "Storage:Provider must be one of: Sqlite, Postgres." },
        { "RetentionOptions", "Retention:Personal", "-1", "Retention:Personal must be between 0 (kept until forgotten) and 3650 days." },
        { "AuditOptions", "Audit:IncludeContent", "maybe", "Audit:IncludeContent must be true or false." },
        { "AuditOptions", "Audit:KeyEncryptionKey", "c2hvcnQ=", "Audit:KeyEncryptionKey must be a base64 key of at least 32 bytes." },
        { "EmbeddingOptions", "Knowledge:Embeddings:MinSimilarity", "1.5", "Knowledge:Embeddings:MinSimilarity must be between 0 and 1 (exclusive)." },
        { "GraphOptions", "Graph:Timeout", "00:01:00", "Graph:Timeout must be more than 0 and at most 00:00:10 (Teams re-delivers unacknowledged messages after ~15 s)." },
        { "GraphOptions", "Graph:CacheTtl", "02:00:00", "Graph:CacheTtl must be more than 0 and at most 01:00:00: a person removed from a group keeps what the group gave them (admin commands, collections) for up to this long." },
        { "CollectionOptions", "Knowledge:Collections:AllowedRoots:0", "shares/policies", "Knowledge:Collections:AllowedRoots: 'shares/policies' must be an absolute folder path other than the file system's root." },
        { "CollectionOptions", "Knowledge:Collections:ReindexInterval", "00:00:01", "Knowledge:Collections:ReindexInterval must be between 00:00:10 and 7.00:00:00." },
        { "AzureCredentialOptions", "Azure:AuthorityHost", "http://login.example", "Azure:AuthorityHost must be an https URL, e.g. https://login.microsoftonline.us/." },
        { "ReportOptions", "Reports:MinGroupSize", "0", "Reports:MinGroupSize must be between 1 and 1000." },
        { "PolicyOptions", "Policy:PolicyUrl", "ftp://intranet/ai", "Policy:PolicyUrl ('ftp://intranet/ai') must be an absolute http or https address." },
        { "DlpOptions", "Policy:Dlp:Mode", "Strict", "Policy:Dlp:Mode must be one of: Enforce, AuditOnly." },
        { "RetentionOptions", "Retention:Tenants:tenant-1:Files", "4000", "Retention:Tenants:tenant-1:Files must be between 0 (kept until forgotten) and 3650 days." },
        { "ExportOptions", "Export:AllowedUploadHosts:0", "https://contoso-my.sharepoint.com/", "Export:AllowedUploadHosts takes bare host names (contoso-my.sharepoint.com), without scheme, port, path or wildcard." },
        { "ExportOptions", "Export:UploadChunkBytes", "400000", "Export:UploadChunkBytes must be a multiple of 327680 (320 KiB), as OneDrive requires." },
        { "ExportOptions", "Export:UploadChunkBytes", "100", "Export:UploadChunkBytes must be between 327680 and 62914560." },
        { "ExportOptions", "Export:ConsentLifetime", "2.00:00:00", "Export:ConsentLifetime must be between 00:01:00 and 1.00:00:00." },
        { "KnowledgeIndexOptions", "Knowledge:Index:Provider", "Elastic", "Knowledge:Index:Provider must be one of: Database, AzureSearch." },
        { "KnowledgeOptions", "Knowledge:MaxFileBytes", "0", "Knowledge:MaxFileBytes must be between 1 and 536870912." },
        { "KnowledgeOptions", "Knowledge:AllowedDownloadHosts:0", "https://contoso.sharepoint.com/", "Knowledge:AllowedDownloadHosts takes bare host names (contoso.sharepoint.com), without scheme, port, path or wildcard." },
        { "KnowledgeOptions", "Knowledge:ReceiveTimeout", "00:30:00", "Knowledge:ReceiveTimeout must be more than 0 and at most 00:10:00: a file waits that long for its reader after a crash, and Teams' download link lasts about an hour." },
        { "BotAuthenticationOptions", "MicrosoftAppType", "Personal", "MicrosoftAppType 'Personal' is not supported. Use MultiTenant, SingleTenant or UserAssignedMsi." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadSetting_OneLineNamingTheKey(string optionsClass, string key, string value, string expected)
    {
        using var error = new StringWriter();

        var valid = Validate(new Dictionary<string, string?> { [key] = value }, error);

        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.False(valid, optionsClass);
        Assert.Contains(expected, lines);
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(optionsClass, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PostgresWithoutAuditKeyEncryptionKey_OneLineSayingItIsRequired()
    {
        using var error = new StringWriter();

        var valid = Validate(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = "Host=127.0.0.1;Database=teamsbot",
        }, error);

        Assert.False(valid);
        Assert.Contains(error.ToString().Split(Environment.NewLine), line => line.StartsWith(
            "Audit:KeyEncryptionKey must be set with PostgreSQL storage", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://contoso-search.search.windows.net", "passages", "Knowledge:Index:Endpoint must be the search service's https address (https://contoso-search.search.windows.net).")]
    [InlineData("contoso-search.search.windows.net", "passages", "Knowledge:Index:Endpoint must be the search service's https address (https://contoso-search.search.windows.net).")]
    [InlineData("https://contoso-search.search.windows.net", null, "Knowledge:Index:IndexName must name the search index (letters, digits and dashes).")]
    [InlineData("https://contoso-search.search.windows.net", "passages", "Knowledge:Index:ApiKey must be set (from Key Vault or the environment) when Knowledge:Index:Authentication is ApiKey.")]
    public void Validate_AzureSearchIncomplete_OneLineNamingTheSetting(string endpoint, string? indexName, string expected)
    {
        using var error = new StringWriter();

        var valid = Validate(new Dictionary<string, string?>
        {
            ["Knowledge:Index:Provider"] = "AzureSearch",
            ["Knowledge:Index:Endpoint"] = endpoint,
            ["Knowledge:Index:IndexName"] = indexName,
        }, error);

        Assert.False(valid);
        Assert.Contains(expected, error.ToString().Split(Environment.NewLine));
    }

    [Fact]
    public void Validate_AzureSearchWithKey_TrueAndSilent()
    {
        using var error = new StringWriter();

        var valid = Validate(new Dictionary<string, string?>
        {
            ["Knowledge:Index:Provider"] = "AzureSearch",
            ["Knowledge:Index:Endpoint"] = "https://contoso-search.search.windows.net",
            ["Knowledge:Index:IndexName"] = "passages",
            ["Knowledge:Index:ApiKey"] = "admin-key",
        }, error);

        Assert.True(valid, error.ToString());
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public void BadSettings_CoverEveryOptionsClass()
    {
        var covered = BadSettings.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        var options = OptionsCatalog.FromAssembly(typeof(HostingExtensions).Assembly).Types.Select(t => t.Name);

        Assert.All(options, name => Assert.Contains(name, covered));
    }

    /// <summary>The startup check reads public types only; an internal options class would go unchecked.</summary>
    [Fact]
    public void OptionsTypes_EveryOptionsClassOfTheAssembly()
    {
        var everyType = OptionsCatalog.FromAssembly(typeof(HostingExtensions).Assembly).Types.Select(t => t.FullName);

        Assert.Equal(everyType.Order(StringComparer.Ordinal),
            StartupSettings.OptionsTypes.Select(t => t.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_DefaultSettings_TrueAndSilent()
    {
        using var error = new StringWriter();

        Assert.True(Validate([], error));
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public void Validate_SeveralBadSettings_OneLineEach()
    {
        using var error = new StringWriter();

        Validate(new Dictionary<string, string?> { ["Model:Temperature"] = "5", ["Limits:MaxInputChars"] = "0" }, error);

        Assert.Contains("Model:Temperature must be between 0 and 2.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Limits:MaxInputChars must be between 1 and 100000.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnconvertibleValue_LeavesTheValueOut()
    {
        var exception = new InvalidOperationException(
            "Failed to convert configuration value 'hunter2' at 'Model:MaxRetries' to type 'System.Int32'.");

        Assert.Equal("Model:MaxRetries must be a whole number.", StartupSettings.UnconvertibleValue(exception));
    }

    private static bool Validate(Dictionary<string, string?> settings, TextWriter error)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "Data Source=:memory:",
            // An authenticated bot, so that the Bot Framework settings are validated too.
            ["MicrosoftAppId"] = "5c1f3e0a-7d2b-4c6e-8a9f-0b1c2d3e4f5a",
            ["MicrosoftAppPassword"] = "test-secret",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTeamsBot();
        using var app = builder.Build();
        return StartupSettings.Validate(app.Services, error);
    }
}
