#!/usr/bin/env node
// End-to-end test of Settings → Notifications and Reports in Debian's Chromium (never a
// downloaded browser), driven by playwright-core, in the manner of console.mjs and with
// the same inputs. The caller starts certkeep and creates the MRAO; this script only uses
// the console, as a person would.
//
//   CONSOLE_URL  base URL of the console, e.g. https://localhost:8443 (self-signed is fine)
//   OUT_DIR      where each step's screenshot (NN-step.png) and the report's CSV are written
//   E2E_PLAN     a JSON file; this script reads `customerUri` and `mrao` ({login, password},
//                optional newPassword) and the optional `notificationEmail` (default
//                pki-team@example.test), `notificationDescription` and `timeoutSeconds`.
//                console.mjs's plan does: its other keys are ignored.
//   CHROMIUM     optional, default /usr/bin/chromium
//
// The MRAO's first sign-in changes the one-time password, as console.mjs does; when the
// one-time password is refused and the plan has newPassword (console.mjs ran first with
// the same plan), newPassword is tried.
//
// Exits 0 when every step passed, 1 with the failing step's name and reason otherwise.

import { fail, inputs, launchChromium, need, stepper } from './harness.mjs';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';


const { base, outDir, plan } = inputs();
const customerUri = need(plan, 'customerUri', 'plan');
const mrao = {
  login: need(plan.mrao, 'login', 'plan.mrao'),
  password: need(plan.mrao, 'password', 'plan.mrao'),
  newPassword: plan.mrao.newPassword ?? `mrao e2e passphrase ${Date.now()}`,
};
const email = plan.notificationEmail ?? 'pki-team@example.test';
const description = plan.notificationDescription ?? `SSL expiring in 14 days (e2e ${Date.now()})`;
const timeout = Number(plan.timeoutSeconds ?? 30) * 1000;
mkdirSync(outDir, { recursive: true });

const browser = await launchChromium();
const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
context.setDefaultTimeout(timeout);
const page = await context.newPage();


const { step, count } = stepper(browser, outDir, () => page);

const heading = (text) => page.getByRole('heading', { level: 1, name: text, exact: true });
const alertText = async () => (await page.getByRole('alert').allInnerTexts()).join(' ');

/** 'change' (first sign-in), 'dashboard', or 'refused'. */
async function trySignIn(password) {
  await page.goto(`${base}/login`);
  await page.getByRole('heading', { level: 1, name: 'Sign in to certkeep' }).waitFor();
  await page.getByLabel(/^Account/).fill(customerUri);
  await page.getByLabel(/^Login/).fill(mrao.login);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return Promise.race([
    page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor().then(() => 'change'),
    heading('Dashboard').waitFor().then(() => 'dashboard'),
    page.getByRole('alert').waitFor().then(() => 'refused'),
  ]);
}

async function changePassword() {
  await page.getByLabel(/^New password/).fill(mrao.newPassword);
  await page.getByLabel(/^Repeat the new password/).fill(mrao.newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await Promise.race([
    heading('Dashboard').waitFor(),
    page.getByRole('alert').waitFor().then(async () => {
      throw new Error(`password change refused: ${await alertText()}`);
    }),
  ]);
}

await step('mrao-signed-in', async () => {
  let next = await trySignIn(mrao.password);
  if (next === 'refused' && plan.mrao.newPassword) next = await trySignIn(mrao.newPassword);
  if (next === 'refused') throw new Error(`sign-in of ${mrao.login} refused: ${await alertText()}`);
  if (next === 'change') await changePassword();
});

await step('notifications-list', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications', exact: true }).click();
  await heading('Notifications').waitFor();
  await page.getByRole('region', { name: 'Notification rules' }).waitFor();
});

await step('notification-form', async () => {
  await page.getByRole('link', { name: 'Add notification' }).click();
  await heading('Add a notification').waitFor();
  await page.getByLabel(/^Description/).fill(description);
  const type = page.getByLabel(/^Notify about/);
  await type.locator('option', { hasText: 'SSL Expiration' }).first().waitFor({ state: 'attached' });
  await type.selectOption('SSL Expiration');
  await page.getByLabel(/^Days before/).fill('14');
  await page.getByLabel('The admin who requested the certificate', { exact: true }).check();
  await page.getByLabel(/^Also these addresses/).fill(email);
});

await step('notification-created', async () => {
  await page.getByRole('button', { name: 'Add notification' }).click();
  await Promise.race([
    page.getByText(`${description} created.`).waitFor(),
    page.getByRole('alert').waitFor().then(async () => {
      throw new Error(`the rule was refused: ${await alertText()}`);
    }),
  ]);
});

await step('notification-listed', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications', exact: true }).click();
  await heading('Notifications').waitFor();
  const filters = page.getByRole('search', { name: 'Filter notification rules' });
  await filters.getByLabel(/^Description/).fill(description);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  const table = page.getByRole('region', { name: 'Notification rules' });
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: description, exact: true }) });
  await row.waitFor();
  const text = await row.innerText();
  for (const want of ['SSL Expiration', '14', 'Requester', email, 'Active']) {
    if (!text.includes(want)) throw new Error(`the listed rule lacks "${want}": ${text.replace(/\s+/g, ' ')}`);
  }
});

await step('report-run', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
  await heading('SSL certificates report').waitFor();
  await page.getByRole('button', { name: 'Run report' }).click();
  await Promise.race([
    page.getByRole('region', { name: 'Report', exact: true }).waitFor(),
    page.getByRole('alert').waitFor().then(async () => {
      throw new Error(`the report failed: ${await alertText()}`);
    }),
  ]);
  await page.getByText(/^\d+ certificates? match/).waitFor();
});

await step('report-csv', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const name = download.suggestedFilename();
  if (!/^ssl-certificates-\d{4}-\d{2}-\d{2}\.csv$/.test(name)) throw new Error(`the file is named ${name}`);
  const file = join(outDir, name);
  await download.saveAs(file);
  const header = readFileSync(file, 'utf8').split(/\r?\n/, 1)[0].split(',').map((f) => f.replace(/^"|"$/g, ''));
  for (const field of ['id', 'commonName', 'status', 'expires', 'serialNumber']) {
    if (!header.includes(field)) throw new Error(`${name}'s header row lacks ${field}: ${header.join(',')}`);
  }
});

await browser.close();
console.log(`e2e: all ${count()} steps passed; screenshots and the CSV in ${outDir}`);
