// What every end-to-end script shares (console.mjs, notifications.mjs, enroll.mjs): its
// inputs (CONSOLE_URL, OUT_DIR, E2E_PLAN), Debian's Chromium launched as ../shared/peers.md
// says, and steps that leave a screenshot each (OUT_DIR/NN-name.png) and stop the run at the
// first failure.

import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Ends the run: exit status 1 and `message`. */
export function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

/** obj[key], which must be there. */
export function need(obj, key, where) {
  if (obj?.[key] === undefined || obj[key] === '') fail(`${where} lacks "${key}"`);
  return obj[key];
}

/** The console's base URL, the output directory and the parsed plan. */
export function inputs() {
  const base = (process.env.CONSOLE_URL ?? '').replace(/\/$/, '');
  const outDir = process.env.OUT_DIR;
  const planPath = process.env.E2E_PLAN;
  if (!base || !outDir || !planPath) fail('set CONSOLE_URL, OUT_DIR and E2E_PLAN');
  try {
    return { base, outDir, plan: JSON.parse(readFileSync(planPath, 'utf8')) };
  } catch (e) {
    fail(`cannot read the plan ${planPath}: ${e.message}`);
  }
}

/** Debian's Chromium (CHROMIUM overrides the path), headless. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // ../shared/peers.md: no sandbox as root, nothing reaching the internet; playwright
    // gives each run a fresh temporary profile of its own.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Steps of one run: `step(name, fn)` runs fn and screenshots `currentPage()` as
 * OUT_DIR/NN-name.png; on failure it screenshots NN-name-failed.png, closes `browser` and
 * ends the run. `count()` is how many have run.
 */
export function stepper(browser, outDir, currentPage) {
  let shot = 0;
  async function step(name, fn) {
    const n = String(++shot).padStart(2, '0');
    process.stdout.write(`e2e: ${n} ${name} … `);
    try {
      await fn();
      await currentPage().screenshot({ path: join(outDir, `${n}-${name}.png`), fullPage: true });
      console.log('ok');
    } catch (e) {
      console.log('FAILED');
      try {
        await currentPage().screenshot({ path: join(outDir, `${n}-${name}-failed.png`), fullPage: true });
      } catch {
        // The page itself is gone: the message says enough.
      }
      await browser.close().catch(() => {});
      fail(`step ${n} "${name}" failed: ${e.message.split('\n').slice(0, 6).join('\n')}`);
    }
  }
  return { step, count: () => shot };
}
