#!/usr/bin/env node
// End-to-end test of self-enrollment in Debian's Chromium (never a downloaded browser),
// driven by playwright-core, in the manner of console.mjs. The caller starts certkeep and
// prepares the RAO and the department; this script only uses the browser, as the admin
// and then the requester would.
//
//   CONSOLE_URL  base URL of the console, e.g. https://localhost:8443 (self-signed is fine)
//   OUT_DIR      where each step's screenshot (NN-step.png), enroll.json and request.json go
//   E2E_PLAN     a JSON file with `customerUri`; `rao` ({login, password}, past its first
//                password change: a plain sign-in); `department` (its name as Settings →
//                Organizations lists it); `csrFile` (a CSR whose names the department may
//                have); `wrongCode` (refused as an access code); `requesterName`,
//                `requesterEmail`; optional `timeoutSeconds` (default 30); optional
//                `drao` ({login, password}, past its first change) with `emailedLinkFile`
//                for part (c) below.
//   CHROMIUM     optional, default /usr/bin/chromium
//
// (a) The RAO opens the department, allows self-enrollment (without automatic approval),
// offers the first SSL type, allows the requester's email domain, saves, sets a new generated access code and
// writes it with the enrollment URL to OUT_DIR/enroll.json ({"accessCode",
// "enrollmentUrl"}); signs out. (b) In a fresh browser context (no admin cookie): the
// enrollment URL shows no console frame; the wrong code is refused visibly; the right one
// opens the form; the CSR file is uploaded and the names it will carry are shown; the
// form is filled and submitted; the reference number and status link go to
// OUT_DIR/request.json ({"referenceNumber", "statusUrl"}); the status link shows the request.
//
// Exits 0 when every step passed, 1 with the failing step's name and reason otherwise.

import { fail, inputs, launchChromium, need, stepper } from './harness.mjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';


const { base, outDir, plan } = inputs();
const customerUri = need(plan, 'customerUri', 'plan');
const rao = { login: need(plan.rao, 'login', 'plan.rao'), password: need(plan.rao, 'password', 'plan.rao') };
const department = need(plan, 'department', 'plan');
const csrFile = need(plan, 'csrFile', 'plan');
const wrongCode = need(plan, 'wrongCode', 'plan');
const requesterName = need(plan, 'requesterName', 'plan');
const requesterEmail = need(plan, 'requesterEmail', 'plan');
const emailDomain = /@([^@\s]+)$/.exec(requesterEmail)?.[1];
if (!emailDomain) fail(`plan.requesterEmail "${requesterEmail}" has no domain`);
const timeout = Number(plan.timeoutSeconds ?? 30) * 1000;
if (!existsSync(csrFile)) fail(`the CSR file ${csrFile} does not exist`);
mkdirSync(outDir, { recursive: true });

const browser = await launchChromium();

let page;
let context;

const { step, count } = stepper(browser, outDir, () => page);

/** A context of its own: cookies of an earlier one (the admin's) are not in it. */
async function newContext() {
  await context?.close();
  context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(timeout);
  page = await context.newPage();
}

const heading = (text) => page.getByRole('heading', { level: 1, name: text, exact: true });
const alertText = async () => (await page.getByRole('alert').allInnerTexts()).join(' ');
const evidence = async (label) => (await page.locator(`[data-evidence="${label}"]`).innerText()).trim();

/** Waits for `locator`; on a timeout, says what the page's alerts say. */
async function expectShown(locator, what) {
  try {
    await locator.waitFor();
  } catch {
    throw new Error(`${what} did not appear; the page says: ${(await alertText()) || '(no alert)'}`);
  }
}

let accessCode;
let enrollmentUrl;
let referenceNumber;
let statusUrl;
await newContext();

// (a) The RAO sets self-enrollment up.
await step('rao-signed-in', async () => {
  await page.goto(`${base}/login`);
  await heading('Sign in to certkeep').waitFor();
  await page.getByLabel(/^Account/).fill(customerUri);
  await page.getByLabel(/^Login/).fill(rao.login);
  await page.getByLabel(/^Password/).fill(rao.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const next = await Promise.race([
    heading('Dashboard').waitFor().then(() => 'dashboard'),
    heading('Choose a new password').waitFor().then(() => 'change'),
    page.getByRole('alert').waitFor().then(() => 'refused'),
  ]);
  if (next === 'change') throw new Error(`${rao.login} must still change the one-time password; the plan wants it past that`);
  if (next === 'refused') throw new Error(`sign-in of ${rao.login} refused: ${await alertText()}`);
});

await step('department-opened', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations', exact: true }).click();
  await heading('Organizations and departments').waitFor();
  await page.getByRole('list', { name: /^Departments of / }).getByRole('link', { name: department, exact: true }).first().click();
  await heading(department).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Self-enrollment' }).waitFor();
});

await step('self-enrollment-saved', async () => {
  const form = page.getByRole('form', { name: 'Self-enrollment settings' });
  await expectShown(form, 'the self-enrollment settings');
  await form.getByLabel('Allow self-enrollment', { exact: true }).check();
  // Off, so the request waits for an admin: the receipt and status steps expect that. This
  // RAO does not hold autoApproveCertificates, so it may not switch it on either.
  const auto = form.getByLabel('Approve requests automatically', { exact: true });
  if (await auto.isChecked()) throw new Error('auto-approval is on by default');
  if (!(await auto.isDisabled())) throw new Error('an admin without autoApproveCertificates may switch auto-approval');
  const types = form.getByRole('group', { name: 'SSL certificate types offered' }).getByRole('checkbox');
  if ((await types.count()) === 0) throw new Error('no SSL certificate type to offer');
  await types.first().check();
  await form.getByLabel(/^Allowed email domains/).fill(emailDomain);
  await form.getByRole('button', { name: 'Save self-enrollment' }).click();
  await Promise.race([
    form.getByText('Self-enrollment saved.').waitFor(),
    form.getByRole('alert').waitFor().then(async () => {
      throw new Error(`the settings were refused: ${await alertText()}`);
    }),
  ]);
});

await step('access-code-set', async () => {
  await page.getByRole('button', { name: 'Set a new access code', exact: true }).click();
  const dialog = page.getByRole('dialog');
  const shown = page.getByRole('status', { name: 'New access code' });
  // A code set before (an earlier run) is replaced only after a confirmation.
  const next = await Promise.race([dialog.waitFor().then(() => 'confirm'), shown.waitFor().then(() => 'shown')]);
  if (next === 'confirm') await dialog.getByRole('button', { name: 'Replace the code', exact: true }).click();
  await expectShown(shown, 'the new access code');
  accessCode = await evidence('Access code');
  enrollmentUrl = await evidence('Enrollment URL');
  if (accessCode.length < 12) throw new Error(`the access code "${accessCode}" is shorter than 12 characters`);
  if (!/^https?:\/\/[^/]+\/enroll\/[^/?#]+$/.test(enrollmentUrl)) throw new Error(`"${enrollmentUrl}" is not an enrollment URL`);
  writeFileSync(join(outDir, 'enroll.json'), `${JSON.stringify({ accessCode, enrollmentUrl }, null, 2)}\n`);
});

await step('rao-signed-out', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading('Sign in to certkeep').waitFor();
});

// (b) A requester without an account, in a browser that never held the admin's cookie.
await newContext();

await step('enroll-code-asked', async () => {
  await page.goto(enrollmentUrl);
  await heading('Request an SSL certificate').waitFor();
  await page.getByLabel(/^Access code/).waitFor();
  if (await page.getByRole('navigation', { name: 'Main' }).count()) throw new Error('the public page shows the console navigation');
  if (await page.getByRole('button', { name: 'Sign out' }).count()) throw new Error('the public page shows a Sign out button');
});

await step('enroll-wrong-code-refused', async () => {
  await page.getByLabel(/^Access code/).fill(wrongCode);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').waitFor();
  const said = await alertText();
  if (!/access code is not right/.test(said)) throw new Error(`the refusal says "${said}", not that the code is wrong`);
  if (await page.getByLabel(/upload the CSR file/).count()) throw new Error('the wrong code opened the request form');
});

await step('enroll-form-opened', async () => {
  await page.getByLabel(/^Access code/).fill(accessCode);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectShown(page.getByRole('form', { name: 'Certificate request' }), 'the request form');
});

await step('enroll-csr-read', async () => {
  await page.getByLabel(/upload the CSR file/).setInputFiles(csrFile);
  const names = page.getByRole('region', { name: 'Names the certificate will carry' });
  await Promise.race([
    names.waitFor(),
    page.locator('.csr-input .field-error').waitFor().then(async () => {
      throw new Error(`the CSR was refused: ${await page.locator('.csr-input .field-error').innerText()}`);
    }),
  ]);
  const listed = await names.getByRole('listitem').allInnerTexts();
  if (listed.length === 0) throw new Error('no name is shown for the CSR');
  console.log(`(names: ${listed.join(', ')})`);
});

await step('enroll-form-filled', async () => {
  const type = page.getByLabel(/^Certificate type/);
  await type.selectOption({ index: 0 });
  const term = page.getByLabel(/^Term/);
  if ((await term.locator('option').count()) === 0) throw new Error('the chosen type offers no term');
  await term.selectOption({ index: 0 });
  const software = page.getByLabel(/^Server software/);
  if (await software.count()) await software.selectOption({ index: 1 });
  await page.getByLabel(/^Your name/).fill(requesterName);
  await page.getByLabel(/^Your email/).fill(requesterEmail);
  await page.getByLabel(/^Comments/).fill('Requested by the self-enrollment end-to-end test.');
});

await step('enroll-submitted', async () => {
  await page.getByRole('button', { name: 'Submit request' }).click();
  await Promise.race([
    heading('Request submitted').waitFor(),
    page.getByRole('alert').waitFor().then(async () => {
      throw new Error(`the request was refused: ${await alertText()}`);
    }),
  ]);
  referenceNumber = await evidence('Reference number');
  statusUrl = await evidence('Status link');
  if (!referenceNumber) throw new Error('no reference number shown');
  if (!/\/enroll\/status\/[^/?#]+$/.test(statusUrl)) throw new Error(`"${statusUrl}" is not a status link`);
  await page.getByText(/will confirm who you are and approve the request/).waitFor();
  writeFileSync(join(outDir, 'request.json'), `${JSON.stringify({ referenceNumber, statusUrl }, null, 2)}\n`);
});

await step('status-page', async () => {
  await page.getByRole('link', { name: 'Follow the status of your request' }).click();
  await heading(`Certificate request ${referenceNumber}`).waitFor();
  const status = (await page.locator('.page-title .badge').innerText()).trim();
  if (status !== 'Requested') throw new Error(`the request is ${status}, not Requested`);
});

// (c) With `drao` and `emailedLinkFile` in the plan: the department's DRAO approves the
// request in the console, and the requester follows the link of the confirmation email
// (the caller writes it to emailedLinkFile once the SMTP server has it) and downloads the
// certificate to OUT_DIR/enrolled.pem.
if (plan.drao && plan.emailedLinkFile) {
  const drao = { login: need(plan.drao, 'login', 'plan.drao'), password: need(plan.drao, 'password', 'plan.drao') };
  await newContext();
  await step('drao-approves', async () => {
    await page.goto(`${base}/login`);
    await heading('Sign in to certkeep').waitFor();
    await page.getByLabel(/^Account/).fill(customerUri);
    await page.getByLabel(/^Login/).fill(drao.login);
    await page.getByLabel(/^Password/).fill(drao.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Dashboard').waitFor();
    const card = page.getByRole('region', { name: 'Requests awaiting approval' });
    await card.getByRole('link').first().click();
    await page.waitForURL(/\/certificates\/ssl\/\d+$/);
    const badge = page.locator('.page-title .badge');
    if ((await badge.innerText()).trim() !== 'Requested') throw new Error('the request is not Requested');
    await page.getByText('Enrollment Form').first().waitFor();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Message to the requester/).fill('Confirmed by phone.');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    const deadline = Date.now() + timeout;
    while ((await badge.innerText()).trim() !== 'Issued') {
      if (Date.now() > deadline) throw new Error('the request did not become Issued');
      await page.waitForTimeout(1000);
      await page.reload();
    }
  });
  await newContext();
  await step('requester-downloads', async () => {
    const deadline = Date.now() + timeout;
    while (!existsSync(plan.emailedLinkFile)) {
      if (Date.now() > deadline) throw new Error('no emailed link arrived');
      await new Promise((r) => setTimeout(r, 200));
    }
    const link = readFileSync(plan.emailedLinkFile, 'utf8').trim();
    await page.goto(link);
    await heading(`Certificate request ${referenceNumber}`).waitFor();
    const status = (await page.locator('.page-title .badge').innerText()).trim();
    if (status !== 'Issued') throw new Error(`the emailed link shows ${status}, not Issued`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download certificate' }).click(),
    ]);
    const file = join(outDir, 'enrolled.pem');
    await download.saveAs(file);
    if (!readFileSync(file, 'utf8').startsWith('-----BEGIN CERTIFICATE-----')) throw new Error('enrolled.pem is not a PEM certificate');
  });
}

await browser.close();
console.log(`e2e: all ${count()} steps passed; screenshots, enroll.json and request.json in ${outDir}`);
