using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsBot.Reports;

/// <summary>The report as one indented JSON document: range, dimension, k, rows, total and (if enabled) comments.</summary>
internal static class ReportJsonWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task WriteAsync(UsageReport report, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync(JsonSerializer.Serialize(report, Options).AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }
}
