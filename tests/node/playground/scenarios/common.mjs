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

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The model double received `question` as the last user message. Returns a short summary. */
export async function checkModelReceived(ctx, question) {
  if (!ctx.options.modelLog) return null;
  const request = await waitForRecord(ctx.options.modelLog,
    (records) => records.findLast((r) => lastUserMessage(r.body) === question), { timeoutMs: 5000 });
  check(request, `the model was not asked "${question}" exactly (last user message in ${ctx.options.modelLog}; `
    + 'a mention or other addressing left in the prompt fails this)');
  return {
    messages: request.body.messages.length,
    roles: request.body.messages.map((m) => m.role),
    model: request.body.model,
    stream: request.body.stream === true,
  };
}

// ---- Reading the activity tap's log ----

/** The streaminfo entity of an activity, if any. */
export function streamInfoOf(activity) {
  return (activity?.entities ?? []).find((e) => e?.type === 'streaminfo') ?? null;
}

/** True if the activity says anything about streaming (entity or channelData). */
export function mentionsStreaming(activity) {
  return streamInfoOf(activity) !== null || activity?.channelData?.streamType !== undefined
    || activity?.channelData?.streamSequence !== undefined || activity?.channelData?.streamId !== undefined;
}

export function hasAiLabel(activity) {
  return (activity?.entities ?? []).some((e) => (e?.additionalType ?? []).includes('AIGeneratedContent'));
}

export function adaptiveCardOf(activity) {
  return (activity?.attachments ?? []).find((a) => a?.contentType === ADAPTIVE_CARD)?.content ?? null;
}

/** Every string in a card's JSON (texts, titles, ...), for "does the card say X" checks. */
export function cardStrings(card) {
  const out = [];
  (function walk(value) {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  })(card);
  return out;
}

/** The first TextBlock of a card in reading order (containers and column sets included). */
export function firstTextBlock(card) {
  const queue = [...(card?.body ?? [])];
  while (queue.length) {
    const element = queue.shift();
    if (element?.type === 'TextBlock') return element;
    const children = element?.items ?? element?.columns ?? [];
    queue.unshift(...children);
  }
  return null;
}

/** Conversation id of a connector call's path (/_connector/v3/conversations/<id>/activities...). */
export function conversationOfPath(path) {
  const match = /\/v3\/conversations\/([^/?]+)/.exec(path ?? '');
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

const isSuccess = (status) => status >= 200 && status < 300;

/** The message activity the Playground posted to the bot whose text contains `question` (latest such). */
export async function findInbound(ctx, question) {
  const log = ctx.options.tapLog;
  const inbound = await waitForRecord(log, (records) => records.findLast((r) => r.direction === 'to-bot'
    && r.request?.type === 'message' && typeof r.request.text === 'string' && r.request.text.includes(question)),
  { timeoutMs: 5000 });
  check(inbound, `the tap saw no message activity with "${question}" posted to the bot (${log})`);
  check(isSuccess(inbound.status), `the bot answered the message activity with HTTP ${inbound.status}`);
  return inbound;
}

/** Every connector call the bot made in reply to activity `activityId`, in the order they were sent. */
export function repliesTo(ctx, activityId) {
  return readJsonLines(ctx.options.tapLog)
    .filter((r) => r.direction === 'to-connector' && r.request?.replyToId === activityId)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * From the activity tap's log: the message activity the Playground posted to the bot for `question`, and the
 * answer card the bot sent back in reply to it (checked: connector 2xx, card version 1.5, AI label). Returns the facts a report needs (ids, types, statuses) plus the raw records.
 */
export async function checkExchange(ctx, question, { conversationType }) {
  if (!ctx.options.tapLog) return null;
  const log = ctx.options.tapLog;
  const inbound = await findInbound(ctx, question);
  const activity = inbound.request;
  check(activity.conversation?.conversationType === conversationType,
    `conversationType is ${activity.conversation?.conversationType}, expected ${conversationType}`);

  const answer = await waitForRecord(log, (records) => records.find((r) => r.direction === 'to-connector'
    && r.request?.type === 'message' && r.request.replyToId === activity.id && adaptiveCardOf(r.request)),
  { timeoutMs: 5000 });
  check(answer, `the bot sent no Adaptive Card in reply to activity ${activity.id} (${log})`);
  check(isSuccess(answer.status), `the connector refused the answer card: HTTP ${answer.status} ${JSON.stringify(answer.response)}`);
  const card = adaptiveCardOf(answer.request);
  const aiLabel = hasAiLabel(answer.request);
  check(card.version === '1.5', `the answer card has version ${card.version}, expected 1.5`);
  check(aiLabel, 'the answer has no AIGeneratedContent entity (the "AI generated" label)');
  const typing = repliesTo(ctx, activity.id).find((r) => r.request.type === 'typing' && !mentionsStreaming(r.request));

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
      typing: typing ? { path: typing.path, status: typing.status, answeredByTap: typing.answeredByTap } : null,
      answer: { path: answer.path, status: answer.status, id: answer.response?.id ?? null, cardVersion: card.version,
        aiLabel },
    },
    // Not for the report: the scenario's further checks read these.
    raw: { inbound: activity, answer: answer.request, card },
  };
}

/** The answer message enables Teams' feedback buttons (channelData.feedbackLoopEnabled: true). */
export function checkFeedbackEnabled(answer) {
  check(answer.channelData?.feedbackLoopEnabled === true,
    `the answer does not enable feedback: channelData is ${JSON.stringify(answer.channelData ?? null)}, `
    + 'expected feedbackLoopEnabled: true');
}

/** Like and Dislike are visible under the last bot message that has them. */
export async function checkFeedbackButtons(ui) {
  await step('find Like and Dislike under the answer', async () => {
    await ui.feedbackButton('like').waitFor({ state: 'visible', timeout: 5000 });
    await ui.feedbackButton('dislike').waitFor({ state: 'visible', timeout: 5000 });
  });
}

/** Minimum time between two streaming updates (Teams throttles streaming; the bot promises >= 1.5 s, minus timer jitter). */
export const MIN_STREAM_GAP_MS = 1400;

/**
 * The Teams streaming protocol in a 1:1 chat, from the tap's log, for the answer to activity `activityId`:
 *   1. typing, streaminfo {streamType: informative, streamSequence: 1}, mirrored in channelData, some text
 *      -> connector 201 {id}; that id is the streamId
 *   2. typing, streaminfo {streamType: streaming, streamSequence: 2, 3, ... (no gaps), streamId}, the cumulative text
 *      (each a prefix of the answer and of the next), >= MIN_STREAM_GAP_MS apart -> 2xx; at least one of them
 *   3. one message, streaminfo {streamType: final, streamId} without streamSequence, the answer card -> 2xx
 * channelData, where it carries streamType/streamSequence/streamId, must agree with the entity.
 */
export function checkStreamingProtocol(ctx, activityId, expectedAnswer) {
  const replies = repliesTo(ctx, activityId);
  const stream = replies.filter((r) => streamInfoOf(r.request));
  const describe = (r) => `${r.request.type} ${JSON.stringify(streamInfoOf(r.request))} -> ${r.status}`;
  const summary = () => stream.map(describe).join('; ') || 'none';
  check(stream.length > 0, `the answer was not streamed: no activity in reply to ${activityId} carries a streaminfo `
    + `entity (sent: ${replies.map((r) => `${r.request.type} -> ${r.status}`).join(', ') || 'nothing'})`);

  const mirrorProblem = (r) => {
    const entity = streamInfoOf(r.request);
    const data = r.request.channelData ?? {};
    for (const key of ['streamType', 'streamSequence', 'streamId']) {
      if (data[key] !== undefined && data[key] !== entity[key]) {
        return `channelData.${key} is ${JSON.stringify(data[key])} but the entity says ${JSON.stringify(entity[key])}`;
      }
    }
    return null;
  };

  // 1. informative
  const [informative, ...rest] = stream;
  const info = streamInfoOf(informative.request);
  check(informative.request.type === 'typing' && info.streamType === 'informative' && info.streamSequence === 1,
    `the first streaming activity must be typing with streamType "informative" and streamSequence 1; got ${describe(informative)}`);
  check(info.streamId === undefined, `the informative activity must not carry a streamId (it gets one): ${describe(informative)}`);
  check(informative.request.channelData?.streamType === 'informative' && informative.request.channelData?.streamSequence === 1,
    `the informative activity does not mirror streamType/streamSequence in channelData: ${JSON.stringify(informative.request.channelData ?? null)}`);
  check(typeof informative.request.text === 'string' && informative.request.text.trim() !== '',
    'the informative activity has no text (e.g. "Thinking…")');
  check(informative.status === 201 && typeof informative.response?.id === 'string' && informative.response.id !== '',
    `the connector should answer the informative activity 201 {id}; got ${informative.status} ${JSON.stringify(informative.response)}`);
  const streamId = informative.response.id;

  // 2. streaming updates
  const updates = rest.filter((r) => streamInfoOf(r.request).streamType === 'streaming');
  const finals = rest.filter((r) => streamInfoOf(r.request).streamType === 'final');
  const others = rest.filter((r) => !['streaming', 'final'].includes(streamInfoOf(r.request).streamType));
  check(others.length === 0, `unexpected streaminfo after the informative one: ${others.map(describe).join('; ')}`);
  check(updates.length >= 1, `no streaming update (streamType "streaming") came between the informative activity and the final message: ${summary()}`);
  let previousText = '';
  let previousAt = null;
  const gaps = [];
  updates.forEach((r, i) => {
    const entity = streamInfoOf(r.request);
    check(r.request.type === 'typing', `streaming update ${i + 1} is a ${r.request.type}, expected typing`);
    check(entity.streamSequence === i + 2,
      `streaming update ${i + 1} has streamSequence ${entity.streamSequence}, expected ${i + 2} (2, 3, ... in order): ${summary()}`);
    check(entity.streamId === streamId, `streaming update ${i + 1} has streamId ${JSON.stringify(entity.streamId)}, expected the informative activity's id ${streamId}`);
    const text = typeof r.request.text === 'string' ? r.request.text : '';
    check(text.trim() !== '', `streaming update ${i + 1} has no text`);
    check(text.startsWith(previousText), `streaming update ${i + 1} is not cumulative: "${text}" does not start with "${previousText}"`);
    check(expectedAnswer.startsWith(text.trim()), `streaming update ${i + 1} "${text}" is not the start of the answer "${expectedAnswer}"`);
    const problem = mirrorProblem(r);
    check(!problem, `streaming update ${i + 1}: ${problem}`);
    check(isSuccess(r.status), `the connector answered streaming update ${i + 1} with HTTP ${r.status} ${JSON.stringify(r.response)}`);
    const at = Date.parse(r.at);
    if (previousAt !== null) gaps.push(at - previousAt);
    previousAt = at;
    previousText = text;
  });
  const minGap = gaps.length ? Math.min(...gaps) : null;
  check(minGap === null || minGap >= MIN_STREAM_GAP_MS,
    `streaming updates came ${minGap} ms apart; Teams needs them >= 1.5 s apart (gaps: ${gaps.join(', ')} ms)`);

  // 3. final
  check(finals.length === 1, `expected exactly one final streaming activity, got ${finals.length}: ${summary()}`);
  const [final] = finals;
  const finalInfo = streamInfoOf(final.request);
  check(stream.at(-1) === final, `the final activity is not the last streaming activity: ${summary()}`);
  check(final.request.type === 'message', `the final streaming activity is a ${final.request.type}, expected message`);
  check(finalInfo.streamId === streamId, `the final message has streamId ${JSON.stringify(finalInfo.streamId)}, expected ${streamId}`);
  check(!('streamSequence' in finalInfo), `the final message must not carry a streamSequence: ${JSON.stringify(finalInfo)}`);
  const finalMirror = mirrorProblem(final);
  check(!finalMirror, `final message: ${finalMirror}`);
  check(adaptiveCardOf(final.request), 'the final message carries no Adaptive Card');
  check(isSuccess(final.status), `the connector answered the final message with HTTP ${final.status} ${JSON.stringify(final.response)}`);
  const messages = replies.filter((r) => r.request.type === 'message');
  check(messages.length === 1, `expected one message in reply (the final one), got ${messages.length}`);

  return {
    streamId,
    informative: { text: informative.request.text, status: informative.status },
    updates: updates.map((r) => ({ sequence: streamInfoOf(r.request).streamSequence, chars: r.request.text.length, status: r.status })),
    gapsMs: gaps,
    firstUpdateAfterInformativeMs: Date.parse(updates[0].at) - Date.parse(informative.at),
    final: { status: final.status, response: final.response },
  };
}

/**
 * Outside 1:1 chats Teams refuses streaming: the bot must send a typing indicator and then one message, and nothing
 * about streaming (no streaminfo entity, no channelData stream fields). Returns what was sent.
 */
export function checkNotStreamed(ctx, activityId) {
  const replies = repliesTo(ctx, activityId);
  const streamed = replies.filter((r) => mentionsStreaming(r.request));
  check(streamed.length === 0, `the bot tried to stream outside a 1:1 chat: ${streamed.map((r) => `${r.request.type} `
    + `${JSON.stringify(streamInfoOf(r.request) ?? r.request.channelData)} -> ${r.status}`).join('; ')}`);
  const typing = replies.filter((r) => r.request.type === 'typing');
  const messages = replies.filter((r) => r.request.type === 'message');
  const others = replies.filter((r) => !['typing', 'message'].includes(r.request.type));
  check(others.length === 0, `the bot sent more than typing and the answer: ${others.map((r) => r.request.type).join(', ')}`);
  check(typing.length >= 1, `the bot sent no typing indicator before the answer (sent: ${replies.map((r) => r.request.type).join(', ')})`);
  check(messages.length === 1, `expected exactly one message in reply, got ${messages.length}`);
  check(Date.parse(typing[0].at) <= Date.parse(messages[0].at), 'the typing indicator came after the answer');
  return { typing: typing.length, messages: messages.length, sent: replies.map((r) => `${r.request.type} -> ${r.status}`) };
}

/**
 * In group chats and channels the answer card starts with a Teams mention of the asker: its first TextBlock starts
 * with "<at>Name</at>" and msteams.entities has that mention for the asker's Teams id or Entra object id.
 */
export function checkAskerMention(card, from) {
  const text = `<at>${from.name}</at>`;
  const first = firstTextBlock(card);
  check(first && typeof first.text === 'string' && first.text.trim().startsWith(text),
    `the answer card does not start with a mention of the asker: first TextBlock is ${JSON.stringify(first?.text ?? null)}, expected it to start with "${text}"`);
  const entity = (card.msteams?.entities ?? []).find((e) => e?.type === 'mention' && e.text === text);
  check(entity, `the card's msteams.entities has no mention with text "${text}": ${JSON.stringify(card.msteams?.entities ?? null)}`);
  // Teams takes a card mention by the user's Teams id (29:...) or Microsoft Entra object id (or UPN, not sent here).
  const askerIds = [from.id, from.aadObjectId].filter(Boolean);
  check(askerIds.includes(entity.mentioned?.id),
    `the mention is for ${entity.mentioned?.id}, expected the asker (${askerIds.join(' or ')})`);
  return { text, id: entity.mentioned.id, name: entity.mentioned.name };
}
