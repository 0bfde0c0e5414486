// Launches Debian's Chromium through playwright-core. Never downloads a browser; never reaches past loopback.
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LOOPBACK_URL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/**
 * Starts Chromium with a fresh profile in a temp folder. Requests to anything but loopback are aborted (the
 * Playground UI asks a CDN for Segoe UI fonts; without them it falls back to local fonts).
 * Returns { context, page, close }; close() is idempotent and removes the profile.
 */
export async function launchBrowser({ executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  viewport = { width: 1280, height: 800 } } = {}) {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'teamsbot-playground-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      locale: 'en-US',
      timezoneId: 'UTC',
      timeout: 30_000,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const blocked = [];
  await context.route((url) => !LOOPBACK_URL.test(url.toString()), (route) => {
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  return {
    context,
    page,
    blocked,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
