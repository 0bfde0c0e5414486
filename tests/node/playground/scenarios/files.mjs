// A file sent in the 1:1 chat, then a question answered from it with a citation.
//
// The Playground cannot attach a file: its compose box has no upload button and nothing it sends by itself carries a
// file.download.info attachment (its "Mention in Word" template has one, but with contentUrl instead of downloadUrl,
// in a comment notification). So the file is sent the way the Playground offers: Mock an Activity > Custom activity,
// the dialog's message activity (ids from the yml) given the attachment Teams sends for a file in a 1:1 chat:
//   {contentType: "application/vnd.microsoft.teams.file.download.info", name, content: {downloadUrl, uniqueId, fileType}}
// The download URL points at a small Markdown document served here, on 127.0.0.1 (the bot must list that host in
// Knowledge:AllowedDownloadHosts; run-e2e.sh does).
//
//   1. the bot downloads the document (the server here counts the request) and indexes it: a row in knowledge_chunks
//      for it (--db; polled read-only, whatever cards the bot shows meanwhile)
//   2. a question in the compose box; the model double echoes it, and the question carries "[1]", so the answer
//      cites passage 1 (the passage the bot put first in the prompt; checked in the model's request)
//   3. tap: the answer went as markdown text with a schema.org Message entity whose citation 1 names the file
//   4. UI: the answer shows, "[1]" drawn as a citation pill; its popover shows the file's name and the passage
import { createServer } from 'node:http';
import { queryRows } from '../lib/db.mjs';
import { lastUserMessage, waitForRecord } from '../lib/jsonl.mjs';
import { check, findInbound, hasAiLabel, repliesTo, sleep, step } from './common.mjs';

const FILE_NAME = 'harbour-handbook.md';
const FACT = 'The Harbour office keeps its spare badges in locker 42B.';
const DOCUMENT = `# Harbour office handbook\n\n## Badges\n\n${FACT} Ask the front desk for the key.\n`;
// The bot names a passage "<file>, <heading>" (see AnswerActivities.BuildCited and the knowledge index).
const CITATION_NAME = `${FILE_NAME}, Badges`;
const FILE_CONTENT_TYPE = 'application/vnd.microsoft.teams.file.download.info';

/** Serves the document on 127.0.0.1 and counts downloads; like Teams' link, it answers only its own path. */
async function serveDocument() {
  const downloads = [];
  const token = Math.random().toString(36).slice(2);
  const path = `/files/${token}/${FILE_NAME}`;
  const server = createServer((request, response) => {
    downloads.push({ method: request.method, path: request.url });
    if (request.method !== 'GET' || request.url !== path) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' }).end(DOCUMENT);
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${path}`,
    downloads,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Polls the bot's database (read-only) until the document has passages. */
async function waitForIndexed(db, timeoutMs) {
  const sql = 'SELECT d.Name AS name, COUNT(c.Id) AS chunks FROM knowledge_documents d '
    + `JOIN knowledge_chunks c ON c.DocumentId = d.Id WHERE d.Name = '${FILE_NAME}' GROUP BY d.Id`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await queryRows(db, sql).catch((e) => {
      // The tables appear with the bot's migrations; anything else is a real failure.
      if (!/no such table/i.test(e.message)) throw e;
      return [];
    });
    if (rows.length && rows[0].chunks > 0) return rows[0];
    if (Date.now() >= deadline) return null;
    await sleep(200);
  }
}

/** Mock an Activity > Custom activity: the dialog's activity, changed by `edit`, sent to the open conversation. */
async function sendCustomActivity(ctx, edit) {
  const { page, ui } = ctx;
  await page.getByRole('button', { name: 'Mock an Activity', exact: true }).click();
  await page.locator('[role="menuitem"][aria-labelledby="customActivityCreateCustomActivityButtonText"]').click();
  const dialog = ui.dialog();
  // The dialog's editor is Monaco (its text is virtualised in the DOM): read and write it through the clipboard, as a
  // person would (typed or inserted text gets its quotes and brackets auto-closed).
  const editor = dialog.locator('textarea.inputarea');
  await editor.waitFor({ state: 'attached' });
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+C');
  const template = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  const activity = edit(template);
  await editor.focus();
  await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(activity, null, 2));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await dialog.getByRole('button', { name: 'Send activity', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  return activity;
}

/**
 * From the tap's log: the bot's last message in reply to the question is the markdown answer with "[1]" and a
 * schema.org Message entity (AI label) whose citation 1 names the file and quotes the passage.
 */
function checkCitedAnswer(ctx, inbound, expected) {
  const messages = repliesTo(ctx, inbound.request.id).filter((r) => r.request.type === 'message');
  check(messages.length >= 1, `the bot sent no message in reply to the question (activity ${inbound.request.id})`);
  const final = messages.at(-1);
  const activity = final.request;
  check(final.status >= 200 && final.status < 300, `the connector refused the answer: HTTP ${final.status}`);
  check(activity.textFormat === 'markdown', `the answer's textFormat is ${activity.textFormat}, expected markdown`);
  check(activity.text === expected, `the answer's text is ${JSON.stringify(activity.text)}, expected ${JSON.stringify(expected)}`);
  const entity = (activity.entities ?? []).find((e) => e?.type === 'https://schema.org/Message');
  check(entity && hasAiLabel(activity), 'the answer has no schema.org Message entity with the AI label');
  const citations = entity.citation ?? [];
  check(citations.length === 1, `expected one citation (only [1] is in the text), got ${JSON.stringify(citations)}`);
  const [citation] = citations;
  check(citation['@type'] === 'Claim' && citation.position === 1, `citation is not Claim 1: ${JSON.stringify(citation)}`);
  check(citation.appearance?.['@type'] === 'DigitalDocument' && citation.appearance.name === CITATION_NAME,
    `citation 1 does not name the file as "${CITATION_NAME}": ${JSON.stringify(citation.appearance)}`);
  check(String(citation.appearance.abstract ?? '').includes(FACT), `citation 1's abstract does not quote the passage: ${JSON.stringify(citation.appearance)}`);
  return { status: final.status, textFormat: activity.textFormat, messages: messages.length,
    streamType: (activity.entities ?? []).find((e) => e?.type === 'streaminfo')?.streamType ?? null,
    citation: { position: citation.position, name: citation.appearance.name } };
}

export default {
  name: 'files',
  description: 'a file sent in the 1:1 chat (custom activity with the Teams attachment) is indexed; a question '
    + 'about it is answered with citation [1] naming the file',
  async run(ctx) {
    const { ui, page, options } = ctx;
    // --question must contain "[1]" (the echoed answer then cites passage 1).
    const question = options.question ?? 'Where does the Harbour office keep spare badges? [1]';
    check(question.includes('[1]'), `the question must contain "[1]" so that the echoed answer cites the file: "${question}"`);
    const expected = 'Echo: ' + question;
    // What shows of the answer: the text without the marker, which becomes a pill.
    const answerStart = expected.replace(/\s*\[1\]/g, '').trim();
    const details = { question, file: FILE_NAME };
    const server = await serveDocument();
    try {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: options.baseUrl });
      await step('open the Playground', () => ui.open());
      await step('open Personal Chat', () => ui.openConversation('personal'));

      const sent = await step('send the file (Mock an Activity > Custom activity with a file.download.info attachment)',
        () => sendCustomActivity(ctx, (template) => ({
          ...template,
          type: 'message',
          text: '',
          textFormat: 'plain',
          attachments: [{
            contentType: FILE_CONTENT_TYPE,
            name: FILE_NAME,
            contentUrl: server.url,
            content: { downloadUrl: server.url, uniqueId: `e2e-${Date.now()}`, fileType: 'md' },
          }],
        })));
      details.sentActivityId = sent.id;

      if (options.tapLog) {
        const inbound = await step('the tap sees the file activity reach the bot', async () => {
          const record = await waitForRecord(options.tapLog, (records) => records.findLast((r) => r.direction === 'to-bot'
            && r.request?.type === 'message' && (r.request.attachments ?? []).some((a) => a.contentType === FILE_CONTENT_TYPE
            && a.name === FILE_NAME)), { timeoutMs: 5000 });
          check(record, `no message with the ${FILE_CONTENT_TYPE} attachment reached the bot (${options.tapLog})`);
          return record;
        });
        check(inbound.status >= 200 && inbound.status < 300, `the bot answered the file activity with HTTP ${inbound.status}`);
        details.fileActivity = { status: inbound.status, conversationType: inbound.request.conversation?.conversationType };
      }

      if (options.db) {
        const indexed = await step('the bot indexes the document (knowledge_chunks, read-only)',
          () => waitForIndexed(options.db, options.timeoutMs));
        check(indexed, `no passage of ${FILE_NAME} in knowledge_chunks after ${options.timeoutMs} ms `
          + `(downloads seen: ${JSON.stringify(server.downloads)})`);
        details.indexed = indexed;
      } else {
        // Without the database, wait for the download and give the bot a moment to index it.
        await step('the bot downloads the document', async () => {
          const deadline = Date.now() + options.timeoutMs;
          while (!server.downloads.length && Date.now() < deadline) await sleep(100);
          await sleep(3000);
        });
      }
      check(server.downloads.some((d) => d.method === 'GET'), 'the bot never downloaded the document');
      details.downloads = server.downloads.length;
      await ctx.screenshot('files-sent');

      await step('ask the question in the compose box', async () => {
        await ui.typeText(question);
        await ui.send();
      });
      // The answer streams in without citations; the final message replaces the bubble's text with the markdown
      // answer, where the Playground draws "[1]" as a button showing "1" (a citation pill).
      const answer = page.locator('.fai-OutputCard').filter({ hasText: answerStart }).last();
      const pill = answer.locator('a[role="button"]').filter({ hasText: /^1$/ });
      await step('wait for the answer with citation [1] drawn as a pill', () => pill.waitFor({ state: 'visible' }));
      details.answerShown = (await answer.innerText()).replace(/\s+/g, ' ').trim();
      check(details.answerShown.includes(answerStart), `the answer shows "${details.answerShown}"`);
      check(!details.answerShown.includes('[1]'), `the marker "[1]" shows as text, not as a citation: "${details.answerShown}"`);
      check(await page.getByText(question, { exact: true }).count() >= 1, 'the question is not shown in the chat');
      details.answerScreenshot = await ctx.screenshot('files-answer');

      const popover = await step('open the citation (Enter on the pill): its name and abstract show', async () => {
        // A mouse click on the pill leaves it closed here (aria-expanded stays false; hovering does nothing either);
        // the keyboard opens it: focus and Enter, as a keyboard user would.
        await pill.focus();
        await page.keyboard.press('Enter');
        const shown = page.getByText(CITATION_NAME).last();
        await shown.waitFor({ state: 'visible', timeout: 5000 }).catch(async (e) => {
          throw new Error(`${e.message.split('\n')[0]} (pill aria-expanded=${await pill.getAttribute('aria-expanded')})`);
        });
        await page.getByText(FACT).last().waitFor({ state: 'visible' });
        return (await shown.innerText()).trim();
      });
      details.citationShown = popover;
      details.citationScreenshot = await ctx.screenshot('files-citation');

      if (options.modelLog) {
        const request = await waitForRecord(options.modelLog, (records) => records.findLast((r) =>
          lastUserMessage(r.body) === question), { timeoutMs: 5000 });
        check(request, `the model was not asked "${question}" (${options.modelLog})`);
        const prompt = JSON.stringify(request.body.messages);
        check(prompt.includes(FACT), 'the model was not given the passage from the file with the question');
        details.model = { messages: request.body.messages.length, passageInPrompt: true };
      }
      if (options.tapLog) details.sent = checkCitedAnswer(ctx, await findInbound(ctx, question), expected);
      return details;
    } finally {
      await server.close();
    }
  },
};
