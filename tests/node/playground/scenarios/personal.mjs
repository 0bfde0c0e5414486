// 1:1 chat: a question is answered with an Adaptive Card carrying the AI label and a "New chat" button; the button
// starts a new chat and the bot confirms with its "New chat started" card.
import { check, checkExchange, checkModelReceived, step } from './common.mjs';

export default {
  name: 'personal',
  description: 'question in the 1:1 chat -> answer card with "New chat"; click it -> "New chat started"',
  async run(ctx) {
    const { ui, page, options } = ctx;
    const question = options.question ?? 'What is the capital of France?';
    const expected = 'Echo: ' + question;
    const details = { question };

    await step('open the Playground', () => ui.open());
    await step('open Personal Chat', () => ui.openConversation('personal'));
    await step('type the question', () => ui.typeText(question));
    const sentAt = Date.now();
    await step('press Enter', () => ui.send());

    const card = await step(`wait ${options.timeoutMs} ms for the answer card "${expected}"`,
      () => ui.waitForCard(expected));
    details.answerVisibleMs = Date.now() - sentAt;

    const newChat = card.getByRole('button', { name: 'New chat', exact: true });
    await step('find the "New chat" button on the answer card', () => newChat.waitFor({ state: 'visible', timeout: 5000 }));
    // The Playground shows the AI label as "AI generated" next to the bot's name in the message header.
    details.aiLabelVisible = await page.getByText('AI generated', { exact: true }).last().isVisible();
    check(details.aiLabelVisible, 'the "AI generated" label is not shown on the answer');
    details.screenshot = await ctx.screenshot('personal-answer');

    details.model = await checkModelReceived(ctx, question);
    details.exchange = await checkExchange(ctx, question, { conversationType: 'personal' });

    const clickedAt = Date.now();
    await step('click "New chat"', () => newChat.click({ timeout: 5000 }));
    await step('wait for the "New chat started" card', () => ui.waitForCard('New chat started'));
    details.newChatVisibleMs = Date.now() - clickedAt;
    details.newChatScreenshot = await ctx.screenshot('personal-new-chat');
    details.playgroundWarnings = await ui.warnings();
    return details;
  },
};
