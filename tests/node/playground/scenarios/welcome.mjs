// Install: the bot welcomes the person with one card per conversation, however often it is installed.
//
// Every page load of the Playground installs the bot in the personal chat (installationUpdate "add" and
// conversationUpdate membersAdded), and its UI keeps no history across page loads. So this scenario must see the
// personal chat's first install: run it first against a freshly started bot and Playground (run-e2e.sh puts it
// first). Then:
//   1. page load (first install)             -> the welcome card shows, once
//   2. Mock an Activity > Install application -> still one welcome card on the page
//   3. reload (install again)                 -> no welcome card on the fresh page (the bot does not send another)
// With --tap-log it also counts the welcome cards the bot sent to the personal chat: exactly one.
import { readJsonLines, waitForRecord } from '../lib/jsonl.mjs';
import { ScenarioFailure, adaptiveCardOf, cardStrings, check, conversationOfPath, sleep, step } from './common.mjs';

/** How long to keep looking for a second welcome card after the first one (or after an install) showed up. */
const SETTLE_MS = 2500;

const isInstall = (r) => r.direction === 'to-bot' && r.request?.conversation?.conversationType === 'personal'
  && (r.request.type === 'installationUpdate' || r.request.type === 'conversationUpdate');

/** The welcome cards the bot sent to conversation `conversationId`, from the tap's log. */
function welcomeCardsSent(tapLog, conversationId, title) {
  return readJsonLines(tapLog).filter((r) => r.direction === 'to-connector' && r.request?.type === 'message'
    && conversationOfPath(r.path) === conversationId
    && cardStrings(adaptiveCardOf(r.request)).some((s) => s.includes(title)));
}

export default {
  name: 'welcome',
  description: 'install -> one welcome card; install again and reload -> still only that one',
  async run(ctx) {
    const { ui, options } = ctx;
    const title = options.welcomeTitle;
    const tapLog = options.tapLog;
    const details = { title };

    await step('open the Playground (installs the bot in the personal chat)', () => ui.open());
    const loadedAt = ui.loadedAt;
    let personalId = null;
    if (tapLog) {
      const install = await waitForRecord(tapLog, (records) => records.find((r) => isInstall(r)
        && Date.parse(r.at) >= loadedAt - 1000), { timeoutMs: 5000 });
      check(install, `the tap saw no installationUpdate/conversationUpdate for the personal chat after the page load (${tapLog})`);
      personalId = install.request.conversation.id;
      const earlier = readJsonLines(tapLog).filter((r) => isInstall(r) && Date.parse(r.at) < loadedAt - 1000);
      if (earlier.length > 0) {
        throw new ScenarioFailure(`the bot was installed in the personal chat before this page load (${earlier.length} `
          + 'earlier installationUpdate/conversationUpdate in the tap log), so its one welcome went to a page that is '
          + 'gone (the Playground UI keeps no history across page loads): run "welcome" first against a freshly '
          + 'started bot and Playground (run-e2e.sh does)');
      }
      details.installs = readJsonLines(tapLog).filter(isInstall).map((r) => ({ type: r.request.type, status: r.status }));
    }

    // 1. First install.
    await step(`wait ${options.timeoutMs} ms for the welcome card "${title}"`, () => ui.waitForCard(title));
    details.welcomeVisibleMs = Date.now() - loadedAt;
    await sleep(SETTLE_MS);
    const afterFirst = await ui.countCards(title);
    check(afterFirst === 1, `after the first install the page shows ${afterFirst} welcome cards, expected 1`);
    details.screenshot = await ctx.screenshot('welcome');

    // 2. Install again on the same page.
    const mockedAt = Date.now();
    await step('Mock an Activity > Install application > Send activity',
      () => ui.mockActivity('customActivityInstallButtonText'));
    if (tapLog) {
      const again = await waitForRecord(tapLog, (records) => records.find((r) => isInstall(r)
        && r.request.type === 'installationUpdate' && Date.parse(r.at) >= mockedAt - 1000), { timeoutMs: 5000 });
      check(again, 'the mocked install did not reach the bot (no installationUpdate in the tap log)');
      check(again.status >= 200 && again.status < 300, `the bot answered the second installationUpdate with HTTP ${again.status}`);
    }
    await sleep(SETTLE_MS);
    const afterSecond = await ui.countCards(title);
    check(afterSecond === 1, `after installing again the page shows ${afterSecond} welcome cards, expected still 1`);

    // 3. Reload: a fresh page installs again; the UI has no history, so any welcome card here would be a new one.
    await step('reload the Playground (installs again)', () => ui.open());
    await sleep(SETTLE_MS);
    const afterReload = await ui.countCards(title);
    check(afterReload === 0, `after a reload the bot sent the welcome card again (${afterReload} on the fresh page)`);
    details.reloadScreenshot = await ctx.screenshot('welcome-after-reload');

    if (tapLog) {
      const sent = welcomeCardsSent(tapLog, personalId, title);
      details.welcomeCardsSent = sent.map((r) => ({ path: r.path, status: r.status }));
      check(sent.length === 1, `the bot sent ${sent.length} welcome cards to the personal chat ${personalId}, expected 1`);
      check(sent[0].status >= 200 && sent[0].status < 300, `the connector refused the welcome card: HTTP ${sent[0].status}`);
      details.installCount = readJsonLines(tapLog).filter(isInstall).length;
    }
    details.playgroundWarnings = await ui.warnings();
    return details;
  },
};
