// @mention scenarios: the bot only hears channel and group chat messages that mention it, strips the mention and
// answers the question with one card (no streaming outside 1:1).
import { ScenarioFailure, check, checkExchange, checkModelReceived, step } from './common.mjs';

/**
 * Playground 0.2.28 loses fast replies in channel threads. Observed: with a bot that answers within ~50 ms of the
 * post, about 1 run in 3 never drew the answer card, although its connector had answered the bot 201; with the
 * model double answering after 300 ms (run-e2e.sh's default MODEL_DOUBLE_DELAY_MS) 10 runs out of 10 drew it.
 * Reopening the channel does not bring it back. Read in its client code: the UI records a post only after the HTTP
 * answer to its own POST, and files activities for "<channel>;messageid=<post>" under recorded posts only; a typing
 * activity into a thread always throws "Invalid conversation id ...;messageid=..." in the UI (every channel run
 * logs it) and the UI's saga restarts after it. Either can drop a reply that comes right after the post.
 * This turns the symptom into a message that says so.
 */
async function explainLostThreadReply(ctx, question, error) {
  const exchange = await checkExchange(ctx, question, { conversationType: 'channel' }).catch(() => null);
  if (exchange?.sent.answer.status === 201) {
    const at = exchange.sent.answer;
    throw new ScenarioFailure(`${error.message} -- but the bot did reply into the thread (${at.path} -> 201): `
      + 'the Playground UI can drop a thread reply that comes right after the post (within ~50 ms); '
      + 'slow the model double down (MODEL_DOUBLE_DELAY_MS)');
  }
}

function mentionScenario({ name, conversation, conversationType, channel, description }) {
  return {
    name,
    description,
    async run(ctx) {
      const { ui, options } = ctx;
      const botName = options.botName;
      const question = options.question ?? `Summarise the ${name} test in one line`;
      const expected = 'Echo: ' + question;
      const details = { question };

      await step('open the Playground', () => ui.open());
      await step(`open ${conversation}`, () => ui.openConversation(conversation));
      await step(`@mention ${botName}`, () => ui.mention(botName));
      await step('type the question', () => ui.appendText(' ' + question));
      const sentAt = Date.now();
      await step(channel ? 'click Post' : 'press Enter', () => ui.send({ channel }));

      try {
        await step(`wait ${options.timeoutMs} ms for the answer card "${expected}"`, () => ui.waitForCard(expected));
      } catch (e) {
        if (channel) await explainLostThreadReply(ctx, question, e);
        throw e;
      }
      details.answerVisibleMs = Date.now() - sentAt;
      details.screenshot = await ctx.screenshot(`${name}-answer`);

      // The model must get the question without the "<at>TeamsBot</at>" addressing.
      details.model = await checkModelReceived(ctx, question);
      details.exchange = await checkExchange(ctx, question, { conversationType });
      if (details.exchange) {
        check(details.exchange.received.mentions.some((m) => m.id === details.exchange.received.recipient.id),
          'the message activity carries no mention entity for the bot');
      }
      details.playgroundWarnings = await ui.warnings();
      return details;
    },
  };
}

export const channelMention = mentionScenario({
  name: 'channel',
  conversation: 'general',
  conversationType: 'channel',
  channel: true,
  description: 'new post in My Team > General that @mentions the bot -> answer card in the thread',
});

export const groupMention = mentionScenario({
  name: 'group',
  conversation: 'group',
  conversationType: 'groupChat',
  channel: false,
  description: 'message in the group chat that @mentions the bot -> answer card',
});
