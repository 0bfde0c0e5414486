// Feedback on an answer: Like under the answer, a comment, Submit -> the bot takes the invoke (200) and stores the
// reaction; then Dislike on the same answer, likewise.
//
// The Playground sends `invoke` "message/submitAction" with value {actionName: "feedback", actionValue: {reaction:
// "like" | "dislike", feedback: "<comment, plain text>"}} and, unlike Teams, no replyToId. On a 2xx it shows
// "Thank you!" with a Close button; otherwise "Unable to reach app. Please try again.".
//
// Where the reaction is stored is checked only when asked:
//   --db FILE [--feedback-query SQL]  a SELECT on the bot's SQLite database that returns columns `reaction` and
//                                     `comment`, optionally `question`; a row with the submitted pair (and, if the
//                                     query returns it, the question whose answer was rated) must appear (default
//                                     query below)
//   --bot-log FILE --feedback-log RE  a line matching RE ({reaction} stands for like/dislike) must appear in the
//                                     bot's log after the submit
import { existsSync, readFileSync, statSync } from 'node:fs';
import { queryRows } from '../lib/db.mjs';
import { FEEDBACK_DIALOG } from '../lib/playground-ui.mjs';
import { waitForRecord } from '../lib/jsonl.mjs';
import { check, sleep, step } from './common.mjs';

/**
 * The bot's tables: feedback (one row per user and answer, Reaction "Like" | "Dislike", Comment after DLP) points at
 * the user turn whose answer was rated. Override with --feedback-query.
 */
export const DEFAULT_FEEDBACK_QUERY = 'SELECT f.Reaction AS reaction, f.Comment AS comment, t.Text AS question '
  + 'FROM feedback f JOIN turns t ON t.Id = f.TurnId';

const sameRow = (row, reaction, comment) => String(row.reaction ?? '').toLowerCase() === reaction && row.comment === comment;

async function waitForStoredRow(options, reaction, comment, question) {
  const deadline = Date.now() + 5000;
  let rows = [];
  for (;;) {
    rows = await queryRows(options.db, options.feedbackQuery);
    const row = rows.find((r) => sameRow(r, reaction, comment));
    if (row) {
      check(!('question' in row) || row.question === question,
        `the ${reaction} was stored on the answer to ${JSON.stringify(row.question)}, not on the answer to "${question}"`);
      return { row, rows: rows.length };
    }
    if (Date.now() > deadline) break;
    await sleep(200);
  }
  const columns = rows.length ? Object.keys(rows[0]).join(', ') : 'no rows';
  throw new Error(`no row with reaction "${reaction}" and comment "${comment}" in ${options.db} `
    + `(query: ${options.feedbackQuery}; ${rows.length} rows, columns: ${columns})`);
}

function botLogSize(file) {
  return file && existsSync(file) ? statSync(file).size : 0;
}

async function waitForLogLine(options, from, reaction) {
  const pattern = new RegExp(options.feedbackLog.replaceAll('{reaction}', reaction));
  const deadline = Date.now() + 5000;
  for (;;) {
    const text = existsSync(options.botLog) ? readFileSync(options.botLog).subarray(from).toString('utf8') : '';
    const line = text.split('\n').find((l) => pattern.test(l));
    if (line) return line.trim().slice(0, 300);
    if (Date.now() > deadline) throw new Error(`no line matching /${pattern.source}/ in ${options.botLog} after the submit`);
    await sleep(200);
  }
}

export default {
  name: 'feedback',
  description: 'Like under an answer + comment + Submit -> invoke 200, reaction stored; then Dislike on the same answer',
  async run(ctx) {
    const { ui, options } = ctx;
    const question = options.question ?? 'Which colour is the sky on a clear day?';
    const expected = 'Echo: ' + question;
    const stamp = Date.now().toString(36);
    const details = { question, reactions: [] };
    check(!options.feedbackLog || options.botLog, '--feedback-log needs --bot-log');

    await step('open the Playground', () => ui.open());
    await step('open Personal Chat', () => ui.openConversation('personal'));
    await step('type the question', () => ui.typeText(question));
    await step('press Enter', () => ui.send());
    await step(`wait ${options.timeoutMs} ms for the answer card "${expected}"`, () => ui.waitForCard(expected));

    const reactions = [
      { reaction: 'like', comment: `Clear and correct (${stamp})`, question: FEEDBACK_DIALOG.likeQuestion },
      { reaction: 'dislike', comment: `On second thought, too short (${stamp})`, question: FEEDBACK_DIALOG.dislikeQuestion },
    ];
    for (const [index, { reaction, comment, question: prompt }] of reactions.entries()) {
      const result = { reaction, comment };
      const button = ui.feedbackButton(reaction);
      await step(`find ${reaction === 'like' ? 'Like' : 'Dislike'} under the answer`,
        () => button.waitFor({ state: 'visible', timeout: 5000 }));
      const logFrom = botLogSize(options.botLog);
      const clickedAt = Date.now();
      await step(`click ${reaction === 'like' ? 'Like' : 'Dislike'}`, () => button.click({ timeout: 5000 }));
      const dialog = ui.dialog();
      await step('wait for the feedback dialog', async () => {
        await dialog.getByText(FEEDBACK_DIALOG.title(options.botName), { exact: true }).waitFor({ state: 'visible', timeout: 5000 });
        await dialog.getByText(prompt, { exact: true }).waitFor({ state: 'visible', timeout: 5000 });
      });
      await step('type the comment', () => dialog.getByRole('textbox').fill(comment, { timeout: 5000 }));
      if (index === 0) details.dialogScreenshot = await ctx.screenshot('feedback-dialog');
      await step('click Submit', () => dialog.getByRole('button', { name: 'Submit', exact: true }).click({ timeout: 5000 }));

      const outcome = dialog.getByText(FEEDBACK_DIALOG.thanks, { exact: true })
        .or(dialog.getByText(FEEDBACK_DIALOG.error, { exact: true }));
      await step(`wait ${options.timeoutMs} ms for the dialog's answer`, () => outcome.first().waitFor({ state: 'visible' }));
      const shown = (await outcome.first().innerText()).trim();
      check(shown === FEEDBACK_DIALOG.thanks, `after Submit the dialog says "${shown}" (the bot did not answer the invoke with 2xx)`);
      if (index === 0) details.screenshot = await ctx.screenshot('feedback');
      await step('click Close', () => dialog.getByRole('button', { name: 'Close', exact: true }).click({ timeout: 5000 }));
      await step('the dialog closes', () => dialog.waitFor({ state: 'detached', timeout: 5000 }));

      if (options.tapLog) {
        const invoke = await waitForRecord(options.tapLog, (records) => records.find((r) => r.direction === 'to-bot'
          && r.request?.type === 'invoke' && r.request.name === 'message/submitAction'
          && r.request.value?.actionValue?.reaction === reaction && r.request.value.actionValue.feedback === comment),
        { timeoutMs: 5000 });
        check(invoke, `the tap saw no message/submitAction invoke with reaction "${reaction}" and the comment (${options.tapLog})`);
        check(invoke.status === 200, `the bot answered the feedback invoke with HTTP ${invoke.status}, expected 200`);
        result.invoke = { status: invoke.status, response: invoke.response, replyToId: invoke.request.replyToId ?? null,
          actionName: invoke.request.value.actionName, ms: Date.parse(invoke.at) - clickedAt };
      }
      if (options.db) {
        result.stored = await step(`find the ${reaction} in the database`, () => waitForStoredRow(options, reaction, comment, question));
      }
      if (options.feedbackLog) {
        result.logLine = await step(`find the ${reaction} in the bot's log`, () => waitForLogLine(options, logFrom, reaction));
      }
      details.reactions.push(result);
    }
    details.playgroundWarnings = await ui.warnings();
    return details;
  },
};
