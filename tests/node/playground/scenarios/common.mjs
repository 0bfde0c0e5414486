// Steps and checks shared by the scenarios.
import { lastUserMessage, readJsonLines, waitForRecord } from '../lib/jsonl.mjs';

export class ScenarioFailure extends Error {}

export function check(condition, message) {
  if (!condition) throw new ScenarioFailure(message);
}

/** How long each step took, in order: [{ step, ms }]; drive.mjs reports it. */
export const stepTimings = [];

/** Runs a step; a Playwright timeout becomes a failure that says which step did not happen. */
export async function step(description, action) {
  const started = Date.now();
  try {
    return await action();
  } catch (e) {
    if (e instanceof ScenarioFailure) throw e;
    const first = String(e?.message ?? e).split('\n')[0];
    throw new ScenarioFailure(`${description}: ${first}`);
  } finally {
    stepTimings.push({ step: description, ms: Date.now() - started });
  }
}

/** The model double received `question` as the last user message. Returns a short summary. */
export async function checkModelReceived(ctx, question) {
  if (!ctx.options.modelLog) return null;
  const request = await waitForRecord(ctx.options.modelLog,
    (records) => records.findLast((r) => lastUserMessage(r.body) === question), { timeoutMs: 5000 });
  check(request, `the model was not asked "${question}" (last user message in ${ctx.options.modelLog})`);
  return {
    messages: request.body.messages.length,
    roles: request.body.messages.map((m) => m.role),
    model: request.body.model,
    stream: request.body.stream === true,
  };
}

/**
 * From the activity tap's log: the message activity the Playground posted to the bot for `question`, and what the
 * bot sent back to the connector in reply to it. Returns the facts a report needs (ids, types, statuses).
 */
export async function checkExchange(ctx, question, { conversationType }) {
  if (!ctx.options.tapLog) return null;
  const log = ctx.options.tapLog;
  const inbound = await waitForRecord(log, (records) => records.findLast((r) => r.direction === 'to-bot'
    && r.request?.type === 'message' && typeof r.request.text === 'string' && r.request.text.includes(question)),
  { timeoutMs: 5000 });
  check(inbound, `the tap saw no message activity with "${question}" posted to the bot (${log})`);
  const activity = inbound.request;
  check(inbound.status >= 200 && inbound.status < 300, `the bot answered the message activity with HTTP ${inbound.status}`);
  check(activity.conversation?.conversationType === conversationType,
    `conversationType is ${activity.conversation?.conversationType}, expected ${conversationType}`);

  const answer = await waitForRecord(log, (records) => records.find((r) => r.direction === 'to-connector'
    && r.request?.type === 'message' && r.request.replyToId === activity.id
    && r.request.attachments?.some((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')),
  { timeoutMs: 5000 });
  check(answer, `the bot sent no Adaptive Card in reply to activity ${activity.id} (${log})`);
  check(answer.status >= 200 && answer.status < 300, `the connector refused the answer card: HTTP ${answer.status}`);
  const card = answer.request.attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').content;
  const aiLabel = (answer.request.entities ?? []).some((e) => (e.additionalType ?? []).includes('AIGeneratedContent'));
  check(card.version === '1.5', `the answer card has version ${card.version}, expected 1.5`);
  check(aiLabel, 'the answer has no AIGeneratedContent entity');
  const typing = readJsonLines(log).find((r) => r.direction === 'to-connector' && r.request?.type === 'typing'
    && r.request.replyToId === activity.id);

  return {
    received: {
      id: activity.id,
      conversationType: activity.conversation.conversationType,
      conversationId: activity.conversation.id,
      tenantId: activity.conversation.tenantId ?? activity.channelData?.tenant?.id,
      from: activity.from,
      recipient: activity.recipient,
      text: activity.text,
      mentions: (activity.entities ?? []).filter((e) => e.type === 'mention').map((e) => ({ text: e.text, id: e.mentioned?.id })),
      channelData: activity.channelData,
    },
    sent: {
      typing: typing ? { path: typing.path, status: typing.status } : null,
      answer: { path: answer.path, status: answer.status, id: answer.response?.id, cardVersion: card.version, aiLabel },
    },
  };
}
