using System.Text;

namespace TeamsBot.Benchmarks;

/// <summary>
/// Builds a deterministic chat message of a given length: business prose with dates, amounts, versions, a few
/// non-ASCII characters, and a handful of emails, card numbers, phone numbers, IPs and keys sprinkled in.
/// All sensitive-looking values are fake.
/// </summary>
internal static class MessageCorpus
{
    private static readonly string[] Sentences =
    [
        "Hi team, following up on the Q3 roadmap review from Tuesday.",
        "The migration to the new cluster is planned for 2025-03-14 at 22:00 UTC.",
        "Could you double-check the numbers in the budget sheet before Friday?",
        "We shipped version 4.2.1 last week and the crash rate dropped by 37%.",
        "Please keep the customer names out of the shared channel.",
        "The invoice total was EUR 12,450.00 including VAT at 19%.",
        "I think the root cause is a race between the cache refresh and the writer.",
        "Let's schedule a 30 minute sync with the platform group next week.",
        "Action items: update the runbook, rotate the on-call schedule, close stale tickets.",
        "The café downstairs is closed, so the offsite lunch moves to the fourth floor.",
        "Müller from procurement says the contract renewal needs two signatures.",
        "It’s fine to merge once the build is green — no need to wait for me.",
        "Latency p95 went from 180 ms to 240 ms after the config change on Monday.",
        "Can someone summarise the security review findings in three bullet points?",
        "The dashboard shows 1,204 active users and 87 new sign-ups today.",
        "We should deprecate the old endpoint by the end of the quarter.",
        "Remember that the retention policy keeps chat history for 90 days.",
        "The design doc covers the failure modes, but not the rollback plan yet.",
        "Marketing wants the launch email to go out on 12 May at 09:30.",
        "Here is the stack trace: NullReferenceException at OrderService.Submit line 214.",
        "Our SLA is 99.9% monthly uptime with a 4 hour response time for P1 incidents.",
        "Please review pull request 5821 when you have a moment.",
        "The vendor quoted 18 weeks lead time for the replacement hardware.",
        "I moved the meeting notes to the team site under Projects / 2025 / Planning.",
    ];

    private static readonly string[] Sensitive =
    [
        "Send the draft to alice.jones@contoso-example.com before noon.",
        "The test card 4012 8888 8888 1881 was declined again.",
        "Call me on +44 20 7946 0958 if the bridge drops.",
        "The replica at 10.20.30.40 is lagging behind.",
        "Old config had aws_access_key_id = AKIAZZTESTKEY0123456 in it, remove it.",
        "Ping bob@example.org about the renewal.",
        "Use the staging token ghp_" + new string('x', 4) + "0123456789abcdefghijABCDEFGHIJ12 for the pipeline.",
        "Wire it to DE89 3704 0044 0532 0130 00 as agreed.",
        "Her number is (415) 555-0100 in the directory.",
        "Server=sql01;Database=crm;User Id=app;Password=Winter2025x;",
        "The old key OPENAI_API_KEY=sk-proj-T3stK3yF0rBenchmarkOnly0123456789abcdef is revoked.",
        "Until Monday my password is Summer2025! so log in as me if needed.",
    ];

    public static string Build(int length, int seed = 42)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(length + 256);
        int nextSensitive = 0;
        int sensitiveEvery = length / (Sensitive.Length + 1);
        while (builder.Length < length)
        {
            if (builder.Length >= (nextSensitive + 1) * sensitiveEvery && nextSensitive < Sensitive.Length)
            {
                builder.Append(Sensitive[nextSensitive++]);
            }
            else
            {
                builder.Append(Sentences[random.Next(Sentences.Length)]);
            }

            builder.Append(random.Next(8) == 0 ? "\n\n" : " ");
        }

        return builder.ToString(0, length);
    }
}
