// 1:1 chat: a question is answered by streaming (Teams streaming protocol): part of the answer shows while the model
// still writes, then the final Adaptive Card with the AI label, Like/Dislike and a "New chat" button; the button
// starts a new chat and the bot confirms with its "New chat started" card.
//
// Run it with a model that takes a few seconds (run-e2e.sh sets MODEL_DOUBLE_CHUNK_DELAY_MS): with an instant
// model there is nothing to stream.
import {
  check, checkExchange, checkFeedbackEnabled, checkModelReceived, checkStreamingProtocol, step,
} from './common.mjs';

/** Watches the bot's bubbles until the answer card shows; notes when "Thinking…" and partial text were visible. */
async function watchStreaming(ctx, expected, sentAt) {
  const { ui, options } = ctx;
  const deadline = Date.now() + options.timeoutMs;
  const seen = { informativeMs: null, informativeText: null, partialMs: null, partialText: null, partialTexts: [],
    cardMs: null };
  for (;;) {
    const bubbles = await ui.botMessages();
    const now = Date.now() - sentAt;
    const card = bubbles.find((b) => b.card && b.text.includes(expected));
    if (card) {
      seen.cardMs = now;
      // Settled: the streamed bubble became the card. A final message with text as well as the card shows as two
      // bubbles in the Playground (text in the streamed one, the card as a new message).
      seen.bubblesWithAnswer = bubbles.filter((b) => b.text.includes(expected)).length;
      return seen;
    }
    for (const bubble of bubbles.filter((b) => !b.card && b.text)) {
      if (expected.startsWith(bubble.text) && bubble.text.length < expected.length) {
        if (seen.partialMs === null) {
          seen.partialMs = now;
          seen.partialText = bubble.text;
          seen.screenshot = await ctx.screenshot('personal-streaming');
        }
        if (!seen.partialTexts.includes(bubble.text)) seen.partialTexts.push(bubble.text);
      } else if (seen.informativeMs === null && seen.partialMs === null && !expected.startsWith(bubble.text)) {
        seen.informativeMs = now;
        seen.informativeText = bubble.text;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`the answer card "${expected}" did not show within ${options.timeoutMs} ms `
        + `(partial texts seen: ${JSON.stringify(seen.partialTexts)})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export default {
  name: 'personal',
  description: 'question in the 1:1 chat -> answer streams in, then the card with AI label, Like/Dislike, '
    + '"New chat"; click it -> "New chat started"',
  async run(ctx) {
    const { ui, page, options } = ctx;
    const question = options.question ?? 'What is the capital of France? Answer in one short sentence, please.';
    const expected = 'Echo: ' + question;
    const details = { question };

    await step('open the Playground', () => ui.open());
    await step('open Personal Chat', () => ui.openConversation('personal'));
    await step('type the question', () => ui.typeText(question));
    const sentAt = Date.now();
    await step('press Enter', () => ui.send());

    const seen = await step(`watch the answer stream in (${options.timeoutMs} ms)`, () => watchStreaming(ctx, expected, sentAt));
    details.streaming = seen;
    details.answerVisibleMs = seen.cardMs;

    // What the bot did before streaming existed: card, AI label, "New chat", the question at the model.
    const card = ui.card(expected);
    const newChat = card.getByRole('button', { name: 'New chat', exact: true });
    await step('find the "New chat" button on the answer card', () => newChat.waitFor({ state: 'visible', timeout: 5000 }));
    // The Playground shows the AI label as "AI generated" next to the bot's name in the message header.
    details.aiLabelVisible = await page.getByText('AI generated', { exact: true }).last().isVisible();
    check(details.aiLabelVisible, 'the "AI generated" label is not shown on the answer');
    details.screenshot = await ctx.screenshot('personal-answer');
    const likeVisible = await ui.feedbackButton('like').isVisible();
    details.model = await checkModelReceived(ctx, question);
    details.exchange = await checkExchange(ctx, question, { conversationType: 'personal' });

    const clickedAt = Date.now();
    await step('click "New chat"', () => newChat.click({ timeout: 5000 }));
    await step('wait for the "New chat started" card', () => ui.waitForCard('New chat started'));
    details.newChatVisibleMs = Date.now() - clickedAt;
    details.newChatScreenshot = await ctx.screenshot('personal-new-chat');
    details.playgroundWarnings = await ui.warnings();

    // Streaming and feedback.
    check(seen.partialMs !== null, `the answer was not streamed: no part of "${expected}" showed before the final `
      + `card (card after ${seen.cardMs} ms${seen.informativeText ? `, first text "${seen.informativeText}"` : ''})`);
    check(seen.bubblesWithAnswer === 1, `the answer shows in ${seen.bubblesWithAnswer} bot messages, expected 1 (a final `
      + 'message with text as well as the card makes the Playground keep the streamed text and add the card as a new message)');
    check(likeVisible, 'no Like button under the answer (the Playground shows Like/Dislike for feedbackLoopEnabled)');
    if (details.model) {
      check(details.model.stream, 'the bot asked the model without "stream": true, so it cannot stream the answer');
    }
    if (details.exchange) {
      const { raw } = details.exchange;
      checkFeedbackEnabled(raw.answer);
      details.protocol = checkStreamingProtocol(ctx, raw.inbound.id, expected);
      check(!(raw.card.msteams?.entities ?? []).some((e) => e?.type === 'mention'),
        'the 1:1 answer card mentions someone; the asker is mentioned only in group chats and channels');
      delete details.exchange.raw;
    }
    return details;
  },
};
