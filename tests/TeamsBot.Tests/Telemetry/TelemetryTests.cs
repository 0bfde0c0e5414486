using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Telemetry;

/// <summary>
/// A real turn through the app in this process, with the OpenTelemetry in-memory exporters attached to the app's own
/// tracer, meter and logger providers: the spans and metrics an operator relies on exist, and nothing exported
/// carries the message, the answer or the system prompt.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string BotId = "28:teamsbot-dev";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _messageCanary = "msgcanary" + Guid.NewGuid().ToString("N");
    private readonly string _answerCanary = "answercanary" + Guid.NewGuid().ToString("N");
    private readonly string _promptCanary = "promptcanary" + Guid.NewGuid().ToString("N");
    private readonly LockedCollection<Activity> _spans = new();
    private readonly LockedCollection<MetricSnapshot> _metrics = new();
    private readonly LockedCollection<LogRecord> _logs = new();
    private ModelServerDouble _model = null!;
    private ConnectorDouble _connector = null!;
    private InProcessBotFactory _bot = null!;

    public async Task InitializeAsync()
    {
        _model = await ModelServerDouble.StartAsync(default);
        _connector = await ConnectorDouble.StartAsync(default);
        _bot = new InProcessBotFactory(
            new Dictionary<string, string>
            {
                ["Model:Provider"] = "OpenAI",
                ["Model:Endpoint"] = _model.OpenAIEndpoint.ToString(),
                ["Model:Deployment"] = "test-model",
                ["Model:SystemPrompt"] = "You are helpful. " + _promptCanary,
            },
            services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
                services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
                services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(_logs));
            });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Turn_Answered_EmitsTurnStageModelConnectorAndStorageSpans()
    {
        var turn = await AnswerOneTurnAsync();

        var trace = _spans.Snapshot().Where(s => s.TraceId == turn.TraceId).ToList();
        Assert.Equal("answered", turn.GetTagItem("teamsbot.turn.outcome"));
        foreach (var stage in TurnPipeline.Stages.Select(t => t.Name.Replace("Stage", string.Empty, StringComparison.Ordinal)))
        {
            Assert.Contains(trace, s => s.DisplayName == "stage " + stage && (string?)s.GetTagItem("teamsbot.stage") == stage);
        }

        var chat = Assert.Single(trace, s => s.GetTagItem("gen_ai.operation.name") is "chat");
        Assert.Equal("test-model", chat.GetTagItem("gen_ai.request.model"));
        Assert.Equal("openai", chat.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(11, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(7, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("stop", Assert.IsType<string>(chat.GetTagItem("gen_ai.response.finish_reasons")), StringComparison.Ordinal);
        Assert.True(chat.Duration > TimeSpan.Zero);
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && s.ParentSpanId == chat.SpanId);

        var send = Assert.Single(trace, s => s.DisplayName == "connector POST");
        Assert.Equal(1, send.GetTagItem("teamsbot.connector.attempts"));
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && s.ParentSpanId == send.SpanId
            && s.GetTagItem("url.full")?.ToString()?.StartsWith(_connector.ServiceUrl.ToString(), StringComparison.Ordinal) == true);
        Assert.Contains(trace, s => s.Source.Name == "OpenTelemetry.Instrumentation.EntityFrameworkCore");
        Assert.Contains(_spans.Snapshot(), s => s.Source.Name == "Microsoft.AspNetCore"
            && s.GetTagItem("url.path") is "/api/messages");
    }

    [Fact]
    public async Task Turn_Answered_RecordsTurnStageLatencyTokenDlpAndQueueMetrics()
    {
        await AnswerOneTurnAsync();

        var metrics = FlushMetrics();

        Assert.Contains(metrics, m => m.Name == "teamsbot.turns"
            && m.MetricPoints.Any(p => HasTag(p, "teamsbot.turn.outcome", "answered")));
        Assert.Contains(metrics, m => m.Name == "teamsbot.pipeline.stage.duration"
            && m.MetricPoints.Any(p => HasTag(p, "teamsbot.stage", "Model")));
        Assert.Contains(metrics, m => m.Name == "teamsbot.turn.duration");
        Assert.Contains(metrics, m => m.Name == "teamsbot.turn.queue.wait");
        Assert.Contains(metrics, m => m.Name == "teamsbot.turn.queue.depth");
        Assert.Contains(metrics, m => m.Name == "teamsbot.dlp.findings"
            && m.MetricPoints.Any(p => HasTag(p, "teamsbot.dlp.detector", "email")));
        Assert.Contains(metrics, m => m.Name == "gen_ai.client.token.usage"
            && m.MetricPoints.Any(p => HasTag(p, "gen_ai.token.type", "input")));
        Assert.Contains(metrics, m => m.Name == "gen_ai.client.operation.duration");
    }

    [Fact]
    public async Task Turn_Answered_NoSpanMetricOrLogCarriesMessageAnswerOrSystemPrompt()
    {
        await AnswerOneTurnAsync();
        var metrics = FlushMetrics();

        // The canaries did travel: the model saw the message and the system prompt, and the user got the answer.
        var request = Assert.Single(_model.Requests, r => r.LastUserMessage.Contains(_messageCanary, StringComparison.Ordinal) == true);
        Assert.Contains(request.Messages, m => m.Content.Contains(_promptCanary, StringComparison.Ordinal));
        Assert.Contains(_connector.AcceptedActivities, a => a.Body.Contains(_answerCanary, StringComparison.Ordinal));

        var exported = new StringBuilder();
        foreach (var span in _spans.Snapshot())
        {
            exported.AppendLine(span.DisplayName).AppendLine(span.OperationName).AppendLine(span.StatusDescription);
            Append(exported, span.TagObjects);
            foreach (var e in span.Events)
            {
                exported.AppendLine(e.Name);
                Append(exported, e.Tags);
            }

            foreach (var link in span.Links)
            {
                Append(exported, link.Tags ?? []);
            }

            foreach (var (key, value) in span.Baggage)
            {
                exported.Append(key).Append('=').AppendLine(value);
            }
        }

        foreach (var log in _logs.Snapshot())
        {
            exported.AppendLine(log.CategoryName).AppendLine(log.EventId.Name).AppendLine(log.FormattedMessage)
                .AppendLine(log.Body).AppendLine(log.Exception?.ToString());
            Append(exported, log.Attributes ?? []);
        }

        foreach (var metric in metrics)
        {
            exported.AppendLine(metric.Name);
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    exported.Append(tag.Key).Append('=').AppendLine(tag.Value?.ToString());
                }
            }
        }

        string text = exported.ToString();
        Assert.True(_logs.Count > 0 && _spans.Count > 0, "Nothing was exported: the check below would prove nothing.");
        Assert.DoesNotContain(_messageCanary, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_answerCanary, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_promptCanary, text, StringComparison.Ordinal);
        Assert.DoesNotContain("megan.bowen@contoso.com", text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>One personal message (with an email address for DLP) answered by the model double; its turn span.</summary>
    private async Task<Activity> AnswerOneTurnAsync()
    {
        _model.Enqueue(ModelResponse.Answer("Here you are: " + _answerCanary, promptTokens: 11, completionTokens: 7));
        string conversation = "a:otel-" + Guid.NewGuid().ToString("N");
        var activity = TeamsActivities.PersonalMessage(
            $"please summarise {_messageCanary} and write to megan.bowen@contoso.com", _connector.ServiceUrl, BotId, conversation);
        using var client = _bot.CreateClient();
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _connector.WaitForActivityAsync(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0, Wait, default);

        // The turn span ends when the pipeline returns, just after the card was sent.
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            var turn = _spans.Snapshot().FirstOrDefault(s => s.DisplayName == "turn"
                && _spans.Snapshot().Any(c => c.TraceId == s.TraceId && c.GetTagItem("gen_ai.operation.name") is "chat"));
            if (turn is not null)
            {
                return turn;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No turn span with a model call was exported.");
    }

    private List<MetricSnapshot> FlushMetrics()
    {
        var provider = _bot.Services.GetRequiredService<MeterProvider>();
        Assert.True(provider.ForceFlush(10_000));
        return [.. _metrics.Snapshot()];
    }

    private static bool HasTag(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value?.ToString(), value))
            {
                return true;
            }
        }

        return false;
    }

    private static void Append(StringBuilder text, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        foreach (var (key, value) in tags)
        {
            text.Append(key).Append('=').AppendLine(value is Array array
                ? string.Join(",", array.Cast<object?>())
                : value?.ToString());
        }
    }
}
