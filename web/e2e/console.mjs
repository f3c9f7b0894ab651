#!/usr/bin/env node
// End-to-end test of the web console in Debian's Chromium (never a downloaded browser),
// driven by playwright-core. The caller starts certkeep, dnsmasq and the SMTP sink and
// prepares the accounts; this script only uses the console, as a person would.
//
//   CONSOLE_URL  base URL of the console, e.g. https://localhost:8443 (self-signed is fine)
//   OUT_DIR      where each step's screenshot (NN-step.png) and cert.pem are written
//   E2E_PLAN     a JSON file (keys: see README.md "End-to-end test")
//   CHROMIUM     optional, default /usr/bin/chromium
//
// Exits 0 when every step passed, 1 with the failing step's name and reason otherwise.

import { fail, inputs, launchChromium, need, stepper } from './harness.mjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const kTimeout = 30_000;


const { base, outDir, plan } = inputs();
const customerUri = need(plan, 'customerUri', 'plan');
const accounts = {};
for (const who of ['mrao', 'drao', 'rao', 'otherDrao']) {
  const a = need(plan, who, 'plan');
  accounts[who] = {
    login: need(a, 'login', `plan.${who}`),
    password: need(a, 'password', `plan.${who}`),
    newPassword: a.newPassword ?? `${who} e2e passphrase ${Date.now()}`,
    changed: false,
  };
}
const department = need(plan, 'department', 'plan');
const domain = need(plan, 'domain', 'plan');
const csrFile = need(plan, 'csrFile', 'plan');
const txtRecordOut = need(plan, 'txtRecordOut', 'plan');
const txtPublished = need(plan, 'txtPublished', 'plan');
const waitMs = Number(plan.timeoutSeconds ?? 90) * 1000;
const newAdmin = plan.newAdmin ?? 'eve.drao';
const newDepartment = plan.newDepartment ?? 'Mathematics';
if (!existsSync(csrFile)) fail(`the CSR file ${csrFile} does not exist`);
mkdirSync(outDir, { recursive: true });

const browser = await launchChromium();

let page;
let context;

const { step, count } = stepper(browser, outDir, () => page);

async function newContext(viewport = { width: 1280, height: 900 }) {
  await context?.close();
  context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, viewport });
  context.setDefaultTimeout(kTimeout);
  page = await context.newPage();
}

const heading = (text) => page.getByRole('heading', { level: 1, name: text });
const alertText = async () => (await page.getByRole('alert').allInnerTexts()).join(' ');

/** Signs `who` in; at the first sign-in, changes the one-time password as forced. */
async function signIn(who) {
  const a = accounts[who];
  await page.goto(`${base}/login`);
  await heading('Sign in to certkeep').waitFor();
  await page.getByLabel(/^Account/).fill(customerUri);
  await page.getByLabel(/^Login/).fill(a.login);
  await page.getByLabel(/^Password/).fill(a.changed ? a.newPassword : a.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const next = await Promise.race([
    heading('Choose a new password').waitFor().then(() => 'change'),
    heading('Dashboard').waitFor().then(() => 'dashboard'),
    page.getByRole('alert').waitFor().then(() => 'error'),
  ]);
  if (next === 'error') throw new Error(`sign-in of ${a.login} refused: ${await alertText()}`);
  return next;
}

async function changePassword(who) {
  const a = accounts[who];
  await page.getByLabel(/^New password/).fill(a.newPassword);
  await page.getByLabel(/^Repeat the new password/).fill(a.newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await Promise.race([
    heading('Dashboard').waitFor(),
    page.getByRole('alert').waitFor().then(async () => {
      throw new Error(`password change refused: ${await alertText()}`);
    }),
  ]);
  a.changed = true;
}

/** First sign-in with the forced change, or a plain sign-in later. */
async function enter(who) {
  if ((await signIn(who)) === 'change') await changePassword(who);
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading('Sign in to certkeep').waitFor();
  await page.getByText('You are signed out.').waitFor();
}

/** Chooses the option of `select` naming the department (labels are "Org › Dept"). */
async function chooseDepartment(select) {
  const value = await select.evaluate((el, dept) => {
    const o = [...el.options].find((x) => x.text === dept || x.text.endsWith(`› ${dept}`));
    return o ? o.value : null;
  }, department);
  if (!value) throw new Error(`no option for the department "${department}"`);
  await select.selectOption(value);
}

async function waitForStatus(status) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const badge = page.locator('.page-title .badge');
    await badge.waitFor();
    const now = (await badge.innerText()).trim();
    if (now === status) return;
    if (Date.now() > deadline) throw new Error(`status is still ${now}, not ${status}`);
    await page.waitForTimeout(1000);
    await page.reload();
  }
}

async function waitForFile(path) {
  const deadline = Date.now() + waitMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${waitMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let sslId;
let sslPath;
await newContext();

await step('mrao-first-login', async () => {
  if ((await signIn('mrao')) !== 'change') throw new Error('the first sign-in did not ask for a new password');
  await page.getByText('This is your first sign-in').waitFor();
});
await step('mrao-password-changed', () => changePassword('mrao'));
await step('domain-add-form', async () => {
  await page.getByRole('link', { name: 'Domains' }).first().click();
  await heading('Domains').waitFor();
  await page.getByRole('link', { name: 'Add a domain' }).click();
  await heading('Add a domain').waitFor();
  await page.getByLabel(/^Domain name/).fill(domain);
  await chooseDepartment(page.getByLabel(/^Organization or department/));
});
await step('domain-added', async () => {
  await page.getByRole('button', { name: 'Add domain' }).click();
  await page.getByText(`Domain ${domain} added.`).waitFor();
});
await step('dcv-txt-started', async () => {
  await page.getByLabel('DNS TXT record').check();
  await page.getByRole('button', { name: /^Start validation by DNS TXT/ }).click();
  const value = (await page.locator('[data-evidence="Value"]').innerText()).trim();
  const host = (await page.locator('[data-evidence="Name (host)"]').innerText()).trim();
  if (!value) throw new Error('no TXT value shown');
  writeFileSync(txtRecordOut, `${value}\n`);
  if (plan.txtHostOut) writeFileSync(plan.txtHostOut, `${host}\n`);
});
await step('dcv-txt-validated', async () => {
  await waitForFile(txtPublished);
  await page.getByRole('button', { name: 'Check now' }).click();
  await page.getByText(`${domain} is validated.`).waitFor();
});
await step('admin-added', async () => {
  await page.getByRole('link', { name: 'Admins', exact: true }).first().click();
  await heading('Admins').waitFor();
  await page.getByRole('link', { name: 'Add an admin' }).click();
  await heading('Add an admin').waitFor();
  await page.getByLabel(/^Login/).fill(newAdmin);
  await page.getByLabel(/^Email/).fill(`${newAdmin}@example.test`);
  await page.getByLabel(/^Forename/).fill('Eve');
  await page.getByLabel(/^Surname/).fill('Tester');
  await page.getByLabel(/^One-time password/).fill('a one-time passphrase for eve');
  await page.getByLabel('DRAO: a department').check();
  await chooseDepartment(page.getByLabel(/^DRAO_SSL/));
  await page.getByLabel('sslRequest', { exact: true }).check();
  await page.getByRole('button', { name: 'Add admin' }).click();
  await page.getByText(`${newAdmin} added.`).waitFor();
});
await step('department-created', async () => {
  await page.getByRole('link', { name: 'Organizations', exact: true }).first().click();
  await heading('Organizations and departments').waitFor();
  await page.getByRole('link', { name: /^Add a department to / }).first().click();
  await heading('Add a department').waitFor();
  await page.getByLabel(/^Name/).fill(newDepartment);
  await page.getByLabel('Allow SSL certificate operations over the REST API').check();
  await page.getByRole('button', { name: 'Create department' }).click();
  await page.getByText(`${newDepartment} created.`).waitFor();
});

await step('drao-first-login', async () => {
  await signOut();
  if ((await signIn('drao')) !== 'change') throw new Error('the first sign-in did not ask for a new password');
  await changePassword('drao');
});
await step('drao-request-form', async () => {
  await page.goto(`${base}/certificates/ssl`);
  await heading('SSL certificates').waitFor();
  await page.getByRole('link', { name: 'Request a certificate' }).click();
  await heading('Request an SSL certificate').waitFor();
  await chooseDepartment(page.getByLabel(/^Organization or department/));
  await page.getByLabel(/upload the CSR file/).setInputFiles(csrFile);
  await page.getByText('The CSR asks for').waitFor();
  await page.getByLabel(/^Comments/).fill('Requested by the end-to-end test.');
});
await step('drao-requested', async () => {
  await page.getByRole('button', { name: 'Submit request' }).click();
  await page.waitForURL(/\/certificates\/ssl\/\d+$/);
  sslPath = new URL(page.url()).pathname;
  sslId = Number(sslPath.split('/').pop());
  await page.getByText(`Request ${sslId} submitted.`).waitFor();
});

await step('rao-dashboard', async () => {
  await signOut();
  await enter('rao');
  const card = page.getByRole('region', { name: 'Requests awaiting approval' });
  await card.getByRole('link', { name: `#${sslId} ${domain}` }).waitFor();
  const count = (await card.locator('.stat').innerText()).trim();
  if (count !== '1') throw new Error(`the dashboard counts ${count} requests awaiting approval, not 1`);
});
await step('rao-approves', async () => {
  await page.goto(`${base}${sslPath}`);
  await waitForStatus('Requested');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Message to the requester/).fill('Approved by the end-to-end test.');
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByText(`Request ${sslId} approved.`).waitFor();
});
await step('rao-sees-issued', async () => {
  await waitForStatus('Issued');
});

await step('drao-downloads', async () => {
  await signOut();
  await enter('drao');
  await page.goto(`${base}${sslPath}`);
  await waitForStatus('Issued');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Certificate and chain (PEM)', exact: true }).click(),
  ]);
  const file = join(outDir, 'cert.pem');
  await download.saveAs(file);
  if (!readFileSync(file, 'utf8').startsWith('-----BEGIN CERTIFICATE-----')) throw new Error('cert.pem is not a PEM certificate');
});

await step('rao-revokes', async () => {
  await signOut();
  await enter('rao');
  await page.goto(`${base}${sslPath}`);
  await waitForStatus('Issued');
  await page.getByRole('button', { name: 'Revoke', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Reason/).selectOption({ label: 'Superseded' });
  await dialog.getByLabel(/^Explanation/).fill('Revoked by the end-to-end test.');
  await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.getByText(`Certificate ${sslId} revoked.`).waitFor();
  await waitForStatus('Revoked');
});

await step('other-drao-cannot-see', async () => {
  await signOut();
  await enter('otherDrao');
  await page.goto(`${base}${sslPath}`);
  await page.getByRole('alert').waitFor();
  if (await page.getByRole('heading', { name: 'Details' }).count()) throw new Error('the other department sees the certificate');
});
await step('other-drao-list-empty', async () => {
  await page.goto(`${base}/certificates/ssl`);
  await heading('SSL certificates').waitFor();
  await page.getByRole('region', { name: 'Certificates' }).waitFor();
  if (await page.getByRole('link', { name: String(sslId), exact: true }).count()) {
    throw new Error(`certificate ${sslId} is in the other department's list`);
  }
});
await step('phone-width', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('link', { name: 'Domains' }).waitFor();
  // The screenshot shows the menu open over the list.
});

await browser.close();
console.log(`e2e: all ${count()} steps passed; screenshots in ${outDir}`);
