// Browser tests for the dashboard: start `rapport serve --demo` on a free
// port with a fresh database, drive Debian's Chromium with playwright-core
// (no browser download), and save screenshots to ./screenshots.
//
// RAPPORT_BIN overrides the binary (default: target/debug/rapport);
// CHROMIUM the browser (default: /usr/bin/chromium).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const bin = process.env.RAPPORT_BIN ?? join(root, 'target', 'debug', 'rapport');
const shots = join(here, 'screenshots');
const DEMO_EMAIL = 'demo@rapport.local';
const DEMO_PASSWORD = 'demo';

let server;
let serverExit;
// A real SMTP server (aiosmtpd, as the CLI's outbox tests use) the demo
// server sends mail through, so the shop's rules queue feedback requests
// and the courtesy rules hold some of them, each saying why.
let smtp;
// A Mastodon stand-in the demo server is connected to: it records each
// POST /api/v1/statuses and makes one status per Idempotency-Key.
let mastodon;
const toots = [];
const MASTODON_TOKEN = 'browser-test-token';
let browser;
let base;
let work;

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitForHealth(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer ${url}/health within ${ms} ms`);
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'rapport-browser-'));
  const made = new Map();
  mastodon = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      toots.push({ method: req.method, url: req.url, auth: req.headers.authorization, key: req.headers['idempotency-key'], form });
      if (req.headers.authorization !== `Bearer ${MASTODON_TOKEN}` || req.url !== '/api/v1/statuses') {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'The access token is invalid' }));
        return;
      }
      const key = req.headers['idempotency-key'];
      if (!made.has(key)) made.set(key, String(990000 + made.size + 1));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: made.get(key), url: `https://social.example/@trailwerk/${made.get(key)}`, in_reply_to_id: form.in_reply_to_id }));
    });
  });
  await new Promise((ok) => mastodon.listen(0, '127.0.0.1', ok));
  const smtpPort = await freePort();
  const python = process.env.RAPPORT_TEST_PYTHON ?? '/usr/bin/python3';
  smtp = spawn(
    python,
    ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${smtpPort}`, '-c', 'aiosmtpd.handlers.Mailbox', join(work, 'maildir')],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  smtp.on('error', (e) => { throw new Error(`starting ${python} -m aiosmtpd (scripts/test installs python3-aiosmtpd): ${e}`); });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(
    bin,
    ['--db', `sqlite://${join(work, 'rapport.db')}`, 'serve', '--demo', '--addr', `127.0.0.1:${port}`],
    {
      cwd: work,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        RAPPORT_MASTODON_URL: `http://127.0.0.1:${mastodon.address().port}`,
        RAPPORT_MASTODON_TOKEN: MASTODON_TOKEN,
        RAPPORT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        RAPPORT_MAIL_FROM: 'Trailwerk <hello@trailwerk.example>',
      },
    },
  );
  serverExit = new Promise((ok) => server.on('exit', (code, signal) => ok({ code, signal })));
  await waitForHealth(base, 180_000);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  mastodon?.close();
  smtp?.kill('SIGTERM');
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    const { code } = await serverExit;
    assert.equal(code, 0, 'the server shuts down cleanly on SIGTERM');
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

async function login(page) {
  await page.goto(`${base}/`);
  assert.match(page.url(), /\/login/, 'an anonymous visitor lands on the login page');
  await page.fill('input[name=email]', DEMO_EMAIL);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
}

// The report's "answered" card: "N of M inbound messages".
async function answeredCount(page) {
  await page.goto(`${base}/report`);
  const hint = await page.locator('.card.kpi', { hasText: 'inbound messages' }).first().locator('.small').textContent();
  const m = hint.match(/(\d[\d,]*) of (\d[\d,]*) inbound/);
  assert.ok(m, `the answered card reads "N of M inbound messages": ${hint}`);
  return Number(m[1].replace(/,/g, ''));
}

test('a person logs in, answers the most urgent inbox item and the report counts it', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  const answeredBefore = await answeredCount(page);
  await page.goto(`${base}/`);
  await page.waitForSelector('.queue .items li');
  await page.screenshot({ path: join(shots, 'inbox.png') });

  const selected = await page.getAttribute('.items li.selected a', 'href');
  assert.ok(selected, 'the first item is open in the side panel');
  const id = selected.split('=')[1];
  const before = await page.textContent('.queue h1 .count');

  // A saved reply starts the answer, filled in for this person.
  await Promise.all([page.waitForURL(/template=sorry/), page.click('a.saved-reply:text-is("sorry")')]);
  const draft = await page.inputValue('form.reply textarea[name=text]');
  assert.ok(draft.length > 20 && !draft.includes('{'), `the saved reply is filled in: ${draft}`);
  await page.fill('form.reply textarea[name=text]', 'Thanks for writing! We sent you a new one today.');
  await Promise.all([page.waitForURL(/done=reply/), page.click('form.reply button[type=submit]')]);
  assert.match(await page.textContent('.flash'), /counts as answered/);
  assert.equal(await page.locator(`.items a[href="/?item=${id}"]`).count(), 0, 'the item left the queue');
  // The reply answers the message, and with it any earlier one of the
  // same person in that thread.
  const afterCount = await page.textContent('.queue h1 .count');
  assert.ok(Number(afterCount) <= Number(before) - 1, `${before} -> ${afterCount}`);
  // The answered message stays readable, closed, with the reply.
  await page.goto(`${base}/?item=${id}`);
  assert.match(await page.textContent('.panel .message'), /left the queue/);
  const left = Number(before) - Number(afterCount);
  assert.equal(await answeredCount(page), answeredBefore + left, 'the report counts what the reply answered');
  // The person's timeline shows the reply, who wrote it and that it was
  // recorded (no channel is connected in the demo).
  await page.goto(`${base}/?item=${id}`);
  await Promise.all([page.waitForURL(/\/people\//), page.click('.person-card h2 a')]);
  const timeline = page.locator('section.card', { has: page.locator('h2', { hasText: 'Timeline' }) });
  assert.match(await timeline.textContent(), new RegExp(`by ${DEMO_EMAIL.replace('.', '\\.')} · recorded`));
  // The outbox lists it too, with its state.
  assert.match(await page.textContent('section.outbox'), /reply · [a-z]+ · by demo@rapport\.local\s+recorded/);
  await context.close();
});

test('the inbox pages through the queue, combines filters and folds stock phrases', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  const total = Number(await page.textContent('.queue h1 .count'));
  assert.ok(total > 50, `more than a page waits: ${total}`);
  assert.match(await page.textContent('.pager'), new RegExp(`Page 1 of ${Math.ceil(total / 50)}`));
  const firstOnPage1 = await page.getAttribute('.items li a', 'href');
  await Promise.all([page.waitForURL(/page=2/), page.click('.pager a[rel=next]')]);
  assert.match(await page.textContent('.pager'), /Page 2 of/);
  assert.notEqual(await page.getAttribute('.items li a', 'href'), firstOnPage1, 'page 2 lists other items');

  // Two filters at once, kept in the URL and in the links of the list.
  await page.goto(`${base}/`);
  await page.selectOption('.filters select[name=channel]', 'instagram');
  await page.selectOption('.filters select[name=intent]', 'complaint');
  await Promise.all([page.waitForURL(/channel=instagram.*intent=complaint/), page.click('.filters button[type=submit]')]);
  const filtered = Number(await page.textContent('.queue h1 .count'));
  assert.ok(filtered > 0 && filtered < total, `a narrower queue: ${filtered} of ${total}`);
  for (const meta of await page.locator('.items .meta').allTextContents()) {
    assert.match(meta, /instagram/);
  }
  const rows = page.locator('.items li');
  for (let i = 0; i < await rows.count(); i++) {
    assert.ok((await rows.nth(i).locator('.reason').allTextContents()).includes('complaint'));
  }
  await page.screenshot({ path: join(shots, 'inbox-filters.png') });
  await Promise.all([page.waitForURL(/item=.*channel=instagram/), page.locator('.items li a').nth(1).click()]);
  assert.equal(Number(await page.textContent('.queue h1 .count')), filtered, 'opening an item keeps the filters');
  await Promise.all([page.waitForURL(`${base}/`), page.click('a.clear-filters')]);

  // Stock phrases wait folded, one group per post, handled with one click.
  const folded = Number(await page.textContent('.stock-groups h2 .count'));
  assert.ok(folded > 0, 'the demo has stock phrases');
  const group = page.locator('.stock-group').first();
  await group.locator('summary').click();
  const n = Number((await group.locator('summary').textContent()).match(/^(\d+)/)[1]);
  await Promise.all([page.waitForURL(/done=stock/), group.locator('button', { hasText: 'handled' }).click()]);
  assert.match(await page.textContent('.flash'), /Stock phrases marked handled/);
  const left = await page.locator('.stock-groups h2 .count').count() ? Number(await page.textContent('.stock-groups h2 .count')) : 0;
  assert.equal(left, folded - n);
  assert.equal(Number(await page.textContent('.queue h1 .count')), total, 'the other items stay');

  // One answer-target rule: the report's most urgent item reads the same
  // words in the inbox.
  await page.goto(`${base}/report`);
  const urgent = page.locator('.answer-targets .urgent li').first();
  const words = await urgent.locator('.reason').textContent();
  assert.match(words, /past the (1|24)-hour target/);
  await Promise.all([page.waitForURL(/item=/), urgent.locator('a').click()]);
  assert.ok((await page.locator('.panel .reason').allTextContents()).includes(words), `the inbox says "${words}" too`);
  await context.close();
});

test('the header search finds people and messages in German and Thai', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  for (const word of ['Reifen', 'ยาง']) {
    await page.fill('.search-box input[name=q]', word);
    await Promise.all([page.waitForURL(/\/search\?q=/), page.press('.search-box input[name=q]', 'Enter')]);
    const hits = await page.locator('.search-messages .hits li').allTextContents();
    assert.ok(hits.length > 0, `messages with ${word}`);
    for (const h of hits) assert.ok(h.toLowerCase().includes(word.toLowerCase()), `${word} in ${h}`);
    if (word === 'ยาง') await page.screenshot({ path: join(shots, 'search-thai.png') });
  }
  // A person by part of their name, accents left out.
  await page.goto(`${base}/search?q=muller`);
  const people = await page.locator('.search-people .hits li b').allTextContents();
  assert.ok(people.some((n) => n.includes('Müller')), `Müller among ${people}`);
  await Promise.all([page.waitForURL(/\/people\//), page.locator('.search-people .hits li a').first().click()]);
  await context.close();
});

test('a reply to a Mastodon message goes out once through the connected instance', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  await page.goto(`${base}/?channel=mastodon`);
  const item = page.locator('.items li a', { hasText: 'mastodon @' }).first();
  assert.equal(await item.count(), 1, 'the demo inbox holds a Mastodon message');
  const href = await item.getAttribute('href');
  const id = href.split('=')[1];
  await Promise.all([page.waitForURL(new RegExp(`item=${id}`)), item.click()]);
  assert.equal((await page.textContent('form.reply button[type=submit]')).trim(), 'Send reply');
  await page.fill('form.reply textarea[name=text]', 'Thanks! It fits up to 2.25 inches.');
  await Promise.all([page.waitForURL(/done=sent/), page.click('form.reply button[type=submit]')]);
  assert.match(await page.textContent('.flash'), /on its way/);
  const until = Date.now() + 20_000;
  while (toots.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  assert.equal(toots.length, 1, 'the server sent it');
  await new Promise((r) => setTimeout(r, 6_000));
  assert.equal(toots.length, 1, 'and only once');
  assert.equal(toots[0].auth, `Bearer ${MASTODON_TOKEN}`);
  assert.match(toots[0].form.status, /^@\S+ Thanks! It fits up to 2\.25 inches\.$/);
  assert.ok(toots[0].form.in_reply_to_id, 'it answers the message');
  // The answered item shows the reply as sent.
  await page.goto(`${base}/?item=${id}`);
  assert.match(await page.textContent('.panel .replies'), /sent/);
  await page.screenshot({ path: join(shots, 'inbox-sent.png') });
  await context.close();
});

test('a person opens someone from the inbox and reads their story', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  // The most urgent message of a detractor: their way back reads as
  // `rapport person` prints it.
  await page.goto(`${base}/?label=detractor`);
  await Promise.all([page.waitForURL(/\/people\//), page.click('.person-card h2 a')]);
  await page.waitForSelector('.timeline li');
  assert.ok((await page.locator('.timeline li').count()) > 0);
  assert.match(await page.textContent('main'), /Stage history/);
  assert.match(await page.textContent('.recovery'), /^Recovery \(\d+ complaints\): complained .* — (not )?recovered$/);
  await page.screenshot({ path: join(shots, 'person.png'), fullPage: true });
  await context.close();
});

test('a person logs a touch from a person page and sees it listed', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  await Promise.all([page.waitForURL(/\/people\//), page.click('.person-card h2 a')]);
  await page.selectOption('form.touch-form select[name=kind]', 'sample');
  await page.fill('form.touch-form input[name=note]', 'Sent a trail tyre to try');
  await Promise.all([page.waitForURL(/done=touch/), page.click('form.touch-form button[type=submit]')]);
  assert.match(await page.textContent('.flash'), /Touch logged/);
  assert.match(await page.textContent('.touch-list'), /sample\s+Sent a trail tyre to try/);
  assert.match(await page.textContent('.touches .ledger'), /1 given, 0 asked/);
  await page.screenshot({ path: join(shots, 'person-touches.png'), fullPage: true });
  await context.close();
});

test('the report and the ladder render with their charts', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  await page.goto(`${base}/report`);
  assert.match(await page.textContent('main'), /Meaningful/);
  assert.ok((await page.locator('svg.bar').count()) > 0, 'bars are drawn');
  const charts = page.locator('figure.chart');
  assert.equal(await charts.count(), 3, 'answered share, first response and fans gained per week');
  assert.match(await charts.nth(0).textContent(), /Share of inbound answered/);
  assert.ok((await charts.nth(0).locator('circle').count()) >= 10, 'a dot per week of the demo');
  assert.ok((await charts.nth(2).locator('rect').count()) >= 10, 'a bar per week');
  const box = await charts.nth(0).locator('svg').boundingBox();
  assert.ok(box && box.width > 200 && box.height > 60, `the chart is drawn large enough (${JSON.stringify(box)})`);
  await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
  // What the command line knows, the dashboard shows: the goal and the
  // fans it needs, detractors recovered, what is past its target.
  assert.match(await page.textContent('.goal'), /\d+ true fans needed for \d{1,3}(,\d{3})* EUR a year/);
  assert.match(await page.textContent('.detractors'), /\d+ recovered/);
  assert.match(await page.textContent('.answer-targets'), /past their target now/);
  await page.goto(`${base}/ladder`);
  assert.ok((await page.locator('table.people tbody tr').count()) > 0);
  // A box-ticker's why names the stock phrases.
  await page.goto(`${base}/ladder?label=box_ticker`);
  assert.match(await page.locator('table.people tbody tr').first().textContent(), /stock phrases/);
  // Sorted by lifetime value in the shop's currency: never baht above euros.
  await page.goto(`${base}/ladder`);
  await Promise.all([page.waitForURL(/sort=lifetime_value/), page.click('a.sort-link')]);
  const values = (await page.locator('td.ltv').allTextContents()).filter((v) => v.trim()).map((v) => {
    const m = v.trim().match(/^(\d{1,3}(?:,\d{3})*) EUR$/);
    assert.ok(m, `a value in euros: ${v}`);
    return Number(m[1].replace(/,/g, ''));
  });
  assert.ok(values.length > 5 && values.every((v, i) => i === 0 || values[i - 1] >= v), `most valuable first: ${values}`);
  const movement = page.locator('.movement figure.chart');
  assert.equal(await movement.count(), 1, 'the ladder over time');
  assert.ok((await movement.locator('rect').count()) >= 10, 'stacked bars per week');
  await page.screenshot({ path: join(shots, 'ladder.png'), fullPage: true });
  await context.close();
});

test('the influencers page ranks by fit, sorts by each column and labels its chart', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  await page.goto(`${base}/influencers`);
  const number = async (row, cls) => Number(await row.locator(`td.${cls}`).textContent());
  const column = async (cls) => {
    const rows = page.locator('table.influencers tbody tr');
    const out = [];
    for (let k = 0; k < await rows.count(); k += 1) out.push(await number(rows.nth(k), cls));
    return out;
  };
  const descending = (xs) => xs.every((x, k) => k === 0 || xs[k - 1] >= x);
  const fits = await column('fit');
  assert.ok(fits.length >= 3, `the demo has influencers (${fits.length})`);
  assert.ok(descending(fits), `best fit first: ${fits}`);
  assert.equal(await page.getAttribute('th[aria-sort=descending] a', 'href'), '/influencers');
  assert.match(await page.locator('table.influencers .why').first().textContent(), /followers$/);
  // The chart: both axes titled, ticks, a title on every dot, names beside some.
  const svg = page.locator('svg.scatter');
  const titles = await svg.locator('text.axis-title').allTextContents();
  assert.deepEqual(titles, ["alignment with the shop's topics →", 'reach (followers) →']);
  assert.ok((await svg.locator('text.tick').count()) >= 8, 'tick values on both axes');
  const dots = svg.locator('circle');
  assert.equal(await dots.count(), fits.length, 'a dot per influencer');
  assert.equal(await svg.locator('circle > title').count(), fits.length, 'each dot has a title');
  assert.match(await dots.first().locator('title').textContent(), /fit \d\.\d\d \(reach/);
  assert.ok((await svg.locator('text.point-label').count()) >= 3, 'the best fits are named');
  await page.screenshot({ path: join(shots, 'influencers.png'), fullPage: true });
  // Sorting by reach and by alignment.
  await page.click('th a[href="/influencers?sort=reach"]');
  await page.waitForURL(`${base}/influencers?sort=reach`);
  assert.ok(descending(await column('reach')), 'largest reach first');
  await page.click('th a[href="/influencers?sort=alignment"]');
  await page.waitForURL(`${base}/influencers?sort=alignment`);
  assert.ok(descending(await column('alignment')), 'best aligned first');
  await context.close();
});

test('a person opens the whole conversation from the inbox and the person page', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  const itemText = (await page.textContent('.panel blockquote')).trim();
  await Promise.all([page.waitForURL(/\/threads\//), page.click('.panel a.thread-link')]);
  await page.waitForSelector('.messages li');
  assert.match(await page.textContent('h1'), /Conversation on/);
  const texts = await page.locator('.messages li .text').allTextContents();
  assert.ok(texts.some((t) => t.trim() === itemText), 'the inbox message is in its thread');
  assert.ok((await page.locator('.messages li .reason').count()) >= 1, 'it is marked unanswered');
  await page.screenshot({ path: join(shots, 'thread.png'), fullPage: true });

  // The list of threads, then one with Thai text, reached from a person's timeline.
  await page.goto(`${base}/threads?status=answered`);
  assert.ok((await page.locator('table.threads tbody tr').count()) > 0);
  await page.goto(`${base}/threads`);
  const thai = page
    .locator('table.threads tbody tr')
    .filter({ has: page.locator('td.wide', { hasText: /[\u0E00-\u0E7F]/ }) })
    .first();
  await Promise.all([page.waitForURL(/\/threads\//), thai.locator('td.wide a').click()]);
  await Promise.all([page.waitForURL(/\/people\//), page.locator('header a.chip').first().click()]);
  const said = page.locator('.timeline li', { hasText: /[\u0E00-\u0E7F]/ }).locator('a.thread-link').first();
  await Promise.all([page.waitForURL(/\/threads\//), said.click()]);
  assert.match(await page.textContent('.messages'), /[\u0E00-\u0E7F]/, 'Thai text renders in the thread');
  await page.screenshot({ path: join(shots, 'thread-thai.png'), fullPage: true });
  await context.close();
});

test('the alerts page lists what is overdue, counted in the nav badge', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  const badge = Number(await page.textContent('nav.tabs .badge'));
  assert.ok(badge > 0, 'the demo has overdue alerts');
  await Promise.all([page.waitForURL(`${base}/alerts`), page.click('nav.tabs a[href="/alerts"]')]);
  assert.equal(Number(await page.textContent('h1 .count')), badge);
  const first = page.locator('.alert-item').first();
  assert.match(await first.textContent(), /past the|detractor|slip|followers/);
  const kinds = await page.locator('.alert-item b').allTextContents();
  assert.ok(kinds.includes('unanswered'), `unanswered among ${[...new Set(kinds)]}`);
  assert.ok(kinds.includes('new detractor') || kinds.includes('influencer mismatch'), `ladder alerts among ${[...new Set(kinds)]}`);
  await page.screenshot({ path: join(shots, 'alerts.png'), fullPage: true });
  // Moments found in what people write are listed too, each with a Done
  // button; marking one done takes it off and lowers the count.
  const followUps = page.locator('.alert-item', { hasText: 'follow up' });
  assert.ok(await followUps.count() > 0, `a follow-up among ${[...new Set(kinds)]}`);
  const total = await page.locator('.alert-item').count();
  await Promise.all([page.waitForURL(/\/alerts\?done=1/), followUps.first().locator('button', { hasText: 'Done' }).click()]);
  assert.match(await page.textContent('.flash'), /Marked done/);
  assert.equal(await page.locator('.alert-item').count(), total - 1);
  await context.close();
});

test('an alert is dismissed with a reason, and a handled message is reopened with its history', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  await page.goto(`${base}/alerts`);
  const badge = Number(await page.textContent('nav.tabs .badge'));
  // A ladder alert (a fan slipping, a new detractor, a mismatch) overdue.
  const ladder = page.locator('.overdue-list .alert-item, .alert-item').filter({ has: page.locator('form[action*="/alerts/falling:"], form[action*="/alerts/detractor:"], form[action*="/alerts/mismatch:"], form[action*="/alerts/fell:"]') }).first();
  const action = await ladder.locator('form.dismiss').getAttribute('action');
  await ladder.locator('input[name=reason]').fill('spoke to them at the shop');
  await Promise.all([page.waitForURL(/done=dismiss/), ladder.locator('button', { hasText: 'Dismiss' }).click()]);
  assert.match(await page.textContent('.flash'), /Dismissed/);
  assert.equal(await page.locator(`form[action="${action}"]`).count(), 0, 'the alert left the list');
  assert.equal(Number(await page.textContent('nav.tabs .badge')), badge - 1, 'the badge counts only what is due');

  // Handled, then reopened: back in the queue, with who did what.
  await page.goto(`${base}/`);
  const total = Number(await page.textContent('.queue h1 .count'));
  const id = (await page.getAttribute('.items li.selected a', 'href')).match(/item=(\d+)/)[1];
  await Promise.all([page.waitForURL(/done=handled/), page.click('.panel form[action$="/handled"] button')]);
  assert.equal(Number(await page.textContent('.queue h1 .count')), total - 1);
  await page.goto(`${base}/?item=${id}`);
  await Promise.all([page.waitForURL(/done=reopen/), page.click('form.reopen button')]);
  assert.match(await page.textContent('.flash'), /Reopened/);
  assert.equal(Number(await page.textContent('.queue h1 .count')), total, 'back in the queue');
  const history = await page.locator('.item-history li').allTextContents();
  assert.ok(history.some((h) => /handled/.test(h)) && history.some((h) => /reopen/.test(h)), `history: ${history}`);
  await page.screenshot({ path: join(shots, 'inbox-history.png') });
  await context.close();
});

test('a cohort is planned, each member with why and an opener, and one is marked contacted', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  await page.goto(`${base}/cohorts`);
  if (await page.locator('.cohort-members .member').count() === 0) {
    await Promise.all([page.waitForURL(`${base}/cohorts`), page.click('form[action="/cohorts/plan"] button')]);
  }
  const members = page.locator('.cohort-members .member');
  assert.equal(await members.count(), 5);
  const openers = await page.locator('.cohort-members .opener').allTextContents();
  assert.equal(new Set(openers).size, 5, `five different openers: ${openers.join(' | ')}`);
  for (const why of await page.locator('.cohort-members .why').allTextContents()) {
    assert.match(why, /^Engaged: /);
  }
  assert.match(await page.textContent('.cohort-summary'), /^0 of 5 contacted/);
  await page.screenshot({ path: join(shots, 'cohorts.png'), fullPage: true });
  await Promise.all([page.waitForURL(/done=contacted/), members.first().locator('button.mark-contacted').click()]);
  assert.match(await page.textContent('.flash'), /Marked contacted/);
  assert.match(await page.textContent('.cohort-summary'), /^1 of 5 contacted/);
  assert.equal(await members.first().locator('.status').textContent(), 'contacted');
  await context.close();
});

test('an admin edits the profile and uploads a file in Settings', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  await page.goto(`${base}/settings`);
  await page.fill('.profile-form input[name=revenue_goal]', '300000');
  await Promise.all([page.waitForURL(`${base}/settings/profile`), page.click('.profile-form button[type=submit]')]);
  assert.match(await page.textContent('.flash'), /Profile saved/);
  assert.match(await page.textContent('.shop dl'), /300,000 EUR a year/);

  const file = join(work, 'upload.jsonl');
  writeFileSync(
    file,
    [
      JSON.stringify({ channel: 'instagram', external_id: 'browser-1', kind: 'comment', author: { handle: 'mai.rides', display_name: 'มาย' }, text: 'หมวกรุ่นนี้มีไซส์ L ไหมคะ', created_at: new Date().toISOString() }),
      '{"channel":"instagram","kind":"comment"}',
    ].join('\n'),
  );
  await page.selectOption('form.upload select[name=format]', 'jsonl');
  await page.setInputFiles('form.upload input[type=file]', file);
  await Promise.all([page.waitForURL(`${base}/settings/imports`), page.click('form.upload button[type=submit]')]);
  const result = await page.textContent('.import-result');
  assert.match(result, /1\s*imported/);
  assert.match(result, /1\s*rejected/);
  assert.match(result, /line 2:/);
  assert.equal(await page.locator('table.recent-imports tbody tr').count(), 1);
  await page.screenshot({ path: join(shots, 'settings.png'), fullPage: true });
  await context.close();
});

// Every page in German and Thai, by the browser's language (Playwright
// sends Accept-Language from the context's locale): the page says so in
// <html lang>, shows its own words in that language, and none of its
// English headings and buttons are left. Texts the engine produces as
// data (reasons, evidence, "why" lines, the answer-target rule, what
// people wrote) stay as they are and are left out of the check.
const SPOKEN = {
  de: {
    nav: 'Posteingang',
    buddhist: false,
    pages: {
      '/': ['Posteingang', 'Filtern', 'Als erledigt markieren', 'Zurückstellen', 'Notiz hinzufügen'],
      '/alerts': ['Hinweise', 'Überfällig', 'Demnächst'],
      '/threads': ['Unterhaltungen', 'zuletzt aktiv'],
      thread: ['Unterhaltung auf'],
      '/ladder': ['Leiter', 'Bewegung', 'CSV herunterladen'],
      person: ['Verlauf der Stufen', 'Gegeben und erbeten', 'Verlauf'],
      '/cohorts': ['Kohorten', 'Die nächsten fünf planen'],
      '/influencers': ['Influencer', 'Person und warum sie passt'],
      '/report': ['Bericht', 'Was zählt', 'Umsatzziel', 'Pro Kanal'],
      '/settings': ['Einstellungen', 'Deine Einstellungen', 'Shop-Profil', 'Letzte Importe'],
      '/search?q=Reifen': ['Suchen', 'Personen', 'Nachrichten'],
    },
  },
  th: {
    nav: 'กล่องข้อความ',
    buddhist: true,
    pages: {
      '/': ['กล่องข้อความ', 'ทำเครื่องหมายว่าจัดการแล้ว', 'เลื่อนไปก่อน'],
      '/alerts': ['การแจ้งเตือน', 'เลยกำหนด', 'กำลังจะถึงกำหนด'],
      '/threads': ['บทสนทนา', 'ความเคลื่อนไหวล่าสุด'],
      thread: ['บทสนทนาบน'],
      '/ladder': ['บันไดความสัมพันธ์', 'ความเคลื่อนไหว', 'ดาวน์โหลด CSV'],
      person: ['ประวัติระดับ', 'ไทม์ไลน์'],
      '/cohorts': ['กลุ่มที่ดูแล', 'วางแผนห้าคนถัดไป'],
      '/influencers': ['อินฟลูเอนเซอร์', 'บุคคลและเหตุผลที่เหมาะ'],
      '/report': ['รายงาน', 'สิ่งที่มีความหมาย', 'เป้าหมายรายได้', 'แยกตามช่องทาง'],
      '/settings': ['การตั้งค่า', 'การตั้งค่าของคุณ', 'โปรไฟล์ร้าน', 'การนำเข้าล่าสุด'],
      '/search?q=Reifen': ['ค้นหา', 'บุคคล', 'ข้อความ'],
    },
  },
};
// Each page's own English words that must not be left in a translation.
const ENGLISH = {
  '/': ['Inbox', 'Clear filters', 'Mark handled', 'Snooze', 'Assign', 'Add note', 'Download CSV', 'The whole conversation', 'Send reply', 'Record reply', 'History', 'Notes'],
  '/alerts': ['Alerts', 'Overdue', 'Coming up', 'Done', 'Dismiss', 'open in the inbox'],
  '/threads': ['Threads', 'last activity', 'started with', 'answered'],
  thread: ['Conversation on', 'open in the inbox'],
  '/ladder': ['Ladder', 'Movement', 'Everyone, closest first', 'Most valuable first', 'Download CSV'],
  person: ['Stage history', 'Given and asked', 'Timeline', 'Log a touch', 'Accounts', 'Orders', 'Privacy'],
  '/cohorts': ['Cohorts', 'Plan the next five', 'Earlier cohorts', 'First step', 'Contacted'],
  '/influencers': ['Influencers', 'person and why they fit', 'Best fit first', 'given / asked'],
  '/report': ['Report', 'Meaningful', 'Revenue goal', 'Detractors', 'Vanity', 'Per channel', 'past their target now', 'Download CSV'],
  '/settings': ['Settings', 'Your settings', 'Shop profile', 'Recent imports', 'Users', 'API tokens', 'Add user', 'Create token'],
  '/search?q=Reifen': ['Search', 'People', 'Messages'],
};

// `main`'s text without what the engine produced as data.
async function ownWords(page) {
  return page.evaluate(() => {
    const main = document.querySelector('main').cloneNode(true);
    const data = '.reason, .evidence, .why, .answer-rule, .opener, blockquote, .text, .recovery, .warning, .ledger, .timeline li > div, .hits, .urgent, .rejections, .saved-replies, code';
    for (const el of main.querySelectorAll(data)) el.remove();
    return main.textContent;
  });
}

for (const [lang, spoken] of Object.entries(SPOKEN)) {
  test(`every page speaks ${lang} when the browser asks for it`, async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: lang === 'de' ? 'de-DE' : 'th-TH',
    });
    const page = await context.newPage();
    await login(page);
    const person = await page.getAttribute('.person-card h2 a', 'href');
    const thread = await page.getAttribute('a.thread-link', 'href');
    const paths = { thread, person };
    for (const [key, words] of Object.entries(spoken.pages)) {
      const path = paths[key] ?? key;
      await page.goto(`${base}${path}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang, path);
      assert.match(await page.textContent('nav.tabs'), new RegExp(spoken.nav), path);
      const main = await page.textContent('main');
      for (const w of words) assert.ok(main.includes(w), `${path} in ${lang} shows "${w}"`);
      const own = await ownWords(page);
      const left = ENGLISH[key].filter((w) => new RegExp(`(^|[^A-Za-z])${w}([^A-Za-z]|$)`).test(own));
      assert.deepEqual(left, [], `${path} in ${lang} leaves no English of its own`);
      if (path === '/' || path === '/report') {
        const name = path === '/' ? 'inbox' : 'report';
        await page.screenshot({ path: join(shots, `${name}-${lang}.png`), fullPage: true });
      }
    }
    // Dates as the language writes them: the Thai year is the Buddhist era's.
    await page.goto(`${base}/`);
    const when = await page.textContent('.panel .message .muted');
    assert.match(when, spoken.buddhist ? /\d\d\/\d\d\/25\d\d \d\d:\d\d/ : /\d\d\.\d\d\.20\d\d \d\d:\d\d/);
    await context.close();
  });
}

// The sentences the engine builds — an inbox item's reasons, a person's
// evidence, an alert's reason, the answer-target rule, why an influencer
// fits, what was done with an item — in the page's language: each shows
// words of that language and no English sentence is left on them.
const SENTENCES = {
  de: {
    reason: /Wartezeit|Beschwerde|Frage|Floskel/,
    evidence: /Kommentar|Follower|Bestellung|Beschwerde|Interaktionen|folgt dem Shop|Gesprächen|empfohlen|Floskeln/,
    alert: /Wartezeit|Kritiker|Fan|Reichweite|Beschwerde|Shop/,
    rule: /für alle anderen/,
    fit: /Follower/,
    history: [/erledigt/, /wieder geöffnet/],
  },
  th: {
    reason: /รอมา|คำร้องเรียน|คำถาม|ข้อความสำเร็จรูป/,
    evidence: /ความคิดเห็น|ผู้ติดตาม|คำสั่งซื้อ|ร้องเรียน|ปฏิสัมพันธ์|ติดตาม|แนะนำ/,
    alert: /รอมา|ผู้ไม่พอใจ|แฟน|ร้าน/,
    rule: /สำหรับคนอื่นทั้งหมด/,
    fit: /ผู้ติดตาม/,
    history: [/จัดการแล้ว/, /เปิดใหม่/],
  },
};
const ENGLISH_SENTENCE = /\b(waiting|past the|left of the|target|specific comments?|replies|conversations?|orders?|followers|against|praise|stock phrases?|complaints?|question|Became|quiet since|Large reach|Asks on|answered|everyone else|interactions|recommended|talks about|alignment|detractor|handled|reopen)\b/;

for (const [lang, words] of Object.entries(SENTENCES)) {
  test(`the engine's sentences read in ${lang}: reasons, evidence, alerts, the answer-target rule and an item's history`, async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: lang === 'de' ? 'de-DE' : 'th-TH',
    });
    const page = await context.newPage();
    await login(page);
    const check = (what, texts, want) => {
      assert.ok(texts.length > 0, `${lang}: some ${what} shown`);
      for (const t of texts) assert.doesNotMatch(t, ENGLISH_SENTENCE, `${lang} ${what}: "${t}"`);
      assert.ok(texts.some((t) => want.test(t)), `${lang} ${what} in the language: ${texts.join(' | ')}`);
    };
    check('inbox reasons', await page.locator('.reason').allTextContents(), words.reason);
    check('evidence beside the item', await page.locator('.panel .evidence li').allTextContents(), words.evidence);
    await page.goto(`${base}/alerts`);
    check('alert reasons', await page.locator('.alert-item p.reason').allTextContents(), words.alert);
    await page.goto(`${base}/report`);
    check('the answer-target rule', await page.locator('.answer-rule').allTextContents(), words.rule);
    check('messages past their target', await page.locator('.urgent .reason').allTextContents(), words.reason);
    await page.goto(`${base}/ladder`);
    check('evidence on the ladder', await page.locator('td.why div').allTextContents(), words.evidence);
    await page.goto(`${base}/influencers`);
    check('why an influencer fits', await page.locator('.why').allTextContents(), words.fit);
    // What was done with an item, in the language of whoever reads it.
    await page.goto(`${base}/`);
    const id = (await page.getAttribute('.items li.selected a', 'href')).match(/item=(\d+)/)[1];
    await Promise.all([page.waitForURL(/done=handled/), page.click('.panel form[action$="/handled"] button')]);
    await page.goto(`${base}/?item=${id}`);
    await Promise.all([page.waitForURL(/done=reopen/), page.click('form.reopen button')]);
    const history = await page.locator('.item-history li').allTextContents();
    for (const want of words.history) check('the item\'s history', history, want);
    await context.close();
  });
}

test('a user who picks a language in Settings sees every page in it', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  await page.goto(`${base}/settings`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.selectOption('form.my-settings select[name=language]', 'th');
  await Promise.all([page.waitForURL(/saved=me/), page.click('form.my-settings button[type=submit]')]);
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'th');
    assert.match(await page.textContent('.flash'), /บันทึกการตั้งค่าของคุณแล้ว/);
    for (const [path, word] of [['/', 'กล่องข้อความ'], ['/report', 'เป้าหมายรายได้'], ['/ladder', 'ความเคลื่อนไหว']]) {
      await page.goto(`${base}${path}`);
      assert.equal(await page.getAttribute('html', 'lang'), 'th', path);
      assert.ok((await page.textContent('main')).includes(word), `${path} shows "${word}"`);
    }
  } finally {
    // Back to the browser's language, for the tests that follow.
    await page.goto(`${base}/settings`);
    await page.selectOption('form.my-settings select[name=language]', '');
    await Promise.all([page.waitForURL(/saved=me/), page.click('form.my-settings button[type=submit]')]);
  }
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('main'), /Your settings are saved/);
  await context.close();
});

test('every page fits a phone without sideways scrolling', async () => {
  // In every language: German and Thai words make other lines the widest.
  for (const lang of ['en', 'de', 'th']) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      extraHTTPHeaders: { 'Accept-Language': lang },
    });
    const page = await context.newPage();
    await login(page);
    if (lang === 'en') await page.screenshot({ path: join(shots, 'inbox-phone.png') });
    const person = await page.getAttribute('.person-card h2 a', 'href');
    const thread = await page.getAttribute('a.thread-link', 'href');
    const pages = ['/', '/alerts', '/threads', thread, '/ladder', person, '/cohorts', '/influencers', '/report', '/settings', '/search?q=Reifen'];
    const wide = [];
    for (const path of pages) {
      await page.goto(`${base}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${lang} ${path}: ${width}px`);
      // No card scrolls sideways or spills past its edge: an alert's
      // reason and buttons off to the side go unseen, and a card that
      // scrolls takes its heading along. A table wider than the screen
      // scrolls inside a .table-scroll wrapper of its own; the ladder's
      // rungs, a summary, fit without scrolling, and so do the lists shown
      // a block per row (people, influencers, threads, channels, imports),
      // every cell of theirs inside the card.
      const found = await page.evaluate(() => {
        const out = [];
        for (const c of document.querySelectorAll('main .card')) {
          if (c.scrollWidth > c.clientWidth + 1) out.push(`card ${c.querySelector('h2')?.textContent.trim() ?? c.className}: ${c.scrollWidth}px`);
        }
        for (const t of document.querySelectorAll('main table')) {
          const wrap = t.closest('.table-scroll');
          if (!wrap) out.push(`table.${t.className} outside a .table-scroll`);
          else if (t.matches('.bars, .blocks') && wrap.scrollWidth > wrap.clientWidth + 1) out.push(`table.${t.className} scrolls: ${wrap.scrollWidth}px`);
          if (t.matches('.blocks')) {
            const card = t.closest('.card').getBoundingClientRect();
            for (const cell of t.querySelectorAll('td, th')) {
              const r = cell.getBoundingClientRect();
              if (r.width > 0 && (r.left < card.left - 1 || r.right > card.right + 1)) out.push(`table.${t.className}: "${cell.textContent.trim().slice(0, 30)}" outside the card`);
            }
          }
        }
        // Words in table cells break only between words, never inside
        // one (a handle or a file name may: they have no spaces). Thai
        // is left out: it has no spaces between words.
        const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!el.closest('td, th') || el.closest('.handle, .file, code') || !el.getClientRects().length) continue;
          const re = /[^\s]+/g;
          for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
            if (/[-/\u0E00-\u0E7F]/.test(m[0])) continue;
            const r = document.createRange();
            r.setStart(n, m.index);
            r.setEnd(n, m.index + m[0].length);
            const lines = new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
            if (lines.size > 1) out.push(`"${m[0]}" broken over ${lines.size} lines in table.${el.closest('table').className}`);
          }
        }
        return out;
      });
      wide.push(...found.map((f) => `${lang} ${path} ${f}`));
    }
    assert.deepEqual(wide, [], 'no page or card scrolls sideways at 390 px, tables scroll in a wrapper and keep their words whole');
    // Every value on the ladder (people who bought have one) shows,
    // inside the card.
    await page.goto(`${base}/ladder`);
    const values = await page.evaluate(() => {
      const card = document.querySelector('table.people').closest('.card').getBoundingClientRect();
      const cells = [...document.querySelectorAll('table.people td.ltv')].filter((td) => td.textContent.trim());
      const cut = cells.filter((td) => { const r = td.getBoundingClientRect(); return r.width === 0 || r.right > card.right + 1; });
      return { shown: cells.length, cut: cut.map((td) => td.textContent) };
    });
    assert.ok(values.shown > 0, `${lang}: the ladder's first page shows values`);
    assert.deepEqual(values.cut, [], `${lang}: the ladder's values are inside the card`);
    // The influencers, a block each, still sort: their sort links show
    // where the column headings were, and each number says what it is.
    await page.goto(`${base}/influencers`);
    const sorts = await page.locator('table.influencers thead a').evaluateAll((as) => as.filter((a) => a.getClientRects().length > 0).length);
    assert.equal(sorts, 3, `${lang}: the three sort links show on a phone`);
    const named = await page.locator('table.influencers tbody tr').first().locator('td[data-label]').evaluateAll((tds) => tds.map((td) => getComputedStyle(td, '::before').content));
    assert.equal(named.length, 4, `${lang}: fit, reach, alignment and given/asked carry their names`);
    assert.ok(named.every((c) => c.length > 3 && c !== 'none'), `${lang}: each number is named before it: ${named}`);
    if (lang === 'de') {
      await page.goto(`${base}/alerts`);
      await page.screenshot({ path: join(shots, 'alerts-phone-de.png') });
    }
    if (lang === 'en') {
      await page.goto(`${base}/influencers`);
      await page.screenshot({ path: join(shots, 'influencers-phone.png') });
    }
    await context.close();
  }
});

test('the header, the inbox filters and the settings fit at 1280 px in every language', async () => {
  for (const lang of ['en', 'de', 'th']) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { 'Accept-Language': lang },
    });
    const page = await context.newPage();
    await login(page);
    // The header is one line: brand, tabs, search and the user's email
    // with "log out" side by side, every tab whole.
    const header = await page.evaluate(() => {
      const parts = [...document.querySelector('header.top').children].map((e) => e.getBoundingClientRect());
      const tabs = document.querySelector('nav.tabs');
      const who = document.querySelector('.who').getBoundingClientRect();
      return {
        oneLine: Math.max(...parts.map((r) => r.top)) < Math.min(...parts.map((r) => r.bottom)),
        tabsWhole: tabs.scrollWidth <= tabs.clientWidth + 1,
        whoInside: who.right <= document.documentElement.clientWidth + 1,
        email: document.querySelector('.who span').getBoundingClientRect().width,
      };
    });
    assert.ok(header.oneLine, `${lang}: the header is one line at 1280 px`);
    assert.ok(header.tabsWhole, `${lang}: no tab is cut off`);
    assert.ok(header.whoInside && header.email > 40, `${lang}: the email and log-out show: ${JSON.stringify(header)}`);
    // Each inbox filter is wide enough for its longest choice.
    const cut = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d');
      const out = [];
      for (const s of document.querySelectorAll('form.filters select')) {
        const cs = getComputedStyle(s);
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
        for (const o of s.options) if (ctx.measureText(o.text).width > room) out.push(`${s.name}: "${o.text}"`);
      }
      return out;
    });
    assert.deepEqual(cut, [], `${lang}: no inbox filter cuts off a choice`);
    // Nothing in a settings card runs past the card's edge: the users'
    // dates and the token table's header included.
    await page.goto(`${base}/settings`);
    const over = await page.evaluate(() => {
      const out = [];
      for (const c of document.querySelectorAll('main .card')) {
        const edge = c.getBoundingClientRect().right;
        for (const e of c.querySelectorAll('*')) {
          const r = e.getBoundingClientRect();
          if (r.width > 0 && r.right > edge + 1) out.push(`${c.querySelector('h2')?.textContent.trim()}: <${e.tagName.toLowerCase()}> ${e.textContent.trim().slice(0, 30)}`);
        }
        for (const td of c.querySelectorAll('td, th')) {
          if (td.scrollWidth > td.clientWidth + 1) out.push(`${c.querySelector('h2')?.textContent.trim()}: cell "${td.textContent.trim()}" clipped`);
        }
      }
      return out;
    });
    assert.deepEqual(over, [], `${lang}: nothing spills out of a settings card at 1280 px`);
    if (lang === 'de') await page.screenshot({ path: join(shots, 'settings-de.png'), fullPage: true });
    await context.close();
  }
});

test('an admin downloads a person\'s data and forgets them from their page', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  await page.goto(`${base}/ladder`);
  const first = page.locator('table.people tbody tr a').first();
  await Promise.all([page.waitForURL(/\/people\//), first.click()]);
  const url = page.url();
  const name = (await page.textContent('h1')).trim();
  const exportHref = await page.getAttribute('#privacy a[download]', 'href');
  const exported = await page.evaluate(async (href) => (await fetch(href)).json(), exportHref);
  assert.equal(exported.format, 'rapport.person-export.v1');
  assert.equal(exported.person.name, name);
  assert.ok(exported.interactions.length + exported.orders.length > 0, 'the export holds what was imported');
  await page.screenshot({ path: join(shots, 'person-privacy.png'), fullPage: true });

  // The button does nothing until the box is ticked (the browser holds the form).
  await page.click('form.forget-form button[type=submit]');
  assert.equal(page.url(), url);
  await page.check('form.forget-form input[name=confirm]');
  await Promise.all([page.waitForURL(`${base}/ladder`), page.click('form.forget-form button[type=submit]')]);
  const gone = await page.goto(url);
  assert.equal(gone.status(), 404, 'the person is gone');

  await page.goto(`${base}/settings`);
  assert.match(await page.textContent('main'), /expires/);
  await context.close();
});

test('a person corrects a reading in one click and the reading, the person and the inbox follow', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page);
  // A message the inbox ranks as a complaint, and the analyzer does not
  // already read as praise (it can be offered as praise).
  const items = page.locator('.items li').filter({ has: page.locator('.reason', { hasText: /^complaint$/ }) });
  let id;
  let priority;
  for (let n = 0; n < (await items.count()) && id === undefined; n++) {
    const item = items.nth(n);
    const candidate = (await item.locator('a').getAttribute('href')).match(/item=(\d+)/)[1];
    const prio = Number(await item.locator('.prio').textContent());
    await page.goto(`${base}/?item=${candidate}`);
    if ((await page.locator('.panel form.correct button[value="intent:praise"]').count()) === 1) {
      [id, priority] = [candidate, prio];
    } else {
      await page.goto(`${base}/`);
    }
  }
  assert.ok(id, 'a complaint the analyzer does not read as praise');
  const reasons = async () => page.locator('.panel .message .tags .reason').allTextContents();
  assert.ok((await reasons()).includes('complaint'), `reasons: ${await reasons()}`);
  const stageBefore = (await page.textContent('.person-card .stage')).trim();

  // The shop knows this customer's "broken" is a joke: praise, positive.
  await Promise.all([page.waitForURL(/done=correct/), page.click('.panel form.correct button[value="intent:praise"]')]);
  assert.match(await page.textContent('.flash'), /Correction saved/);
  await Promise.all([page.waitForURL(/done=correct/), page.click('.panel form.correct button[value="sentiment:positive"]')]);
  const reading = await page.textContent('.panel .message .tags .muted');
  assert.match(reading, /positive · praise/, `the reading follows at once: ${reading}`);
  assert.ok(!(await reasons()).includes('complaint'), `no longer a complaint: ${await reasons()}`);
  // The buttons now offer what it no longer is.
  assert.equal(await page.locator('.panel form.correct button[value="intent:praise"]').count(), 0);
  assert.equal(await page.locator('.panel form.correct button[value="intent:complaint"]').count(), 1);

  // The queue ranks it as praise now (when it is on this page), and the
  // person's story reads it as praise.
  const row = page.locator(`.items li a[href^="/?item=${id}"]`);
  if (await row.count()) {
    assert.ok(Number(await row.locator('.prio').textContent()) < priority, 'it waits with less urgency');
  }
  const stageAfter = (await page.textContent('.person-card .stage')).trim();
  const person = await page.getAttribute('.person-card h2 a', 'href');
  await page.goto(`${base}${person}`);
  assert.match(await page.textContent('main'), /praise/);
  await page.screenshot({ path: join(shots, 'inbox-corrected.png') });

  // On the person page, each of their messages can be corrected too.
  const entry = page.locator('.timeline li').filter({ has: page.locator('details.correct') }).first();
  const words = (await entry.locator('div').first().textContent()).trim();
  const to = / · negative/.test(await entry.textContent()) ? 'positive' : 'negative';
  await entry.locator('summary').click();
  await Promise.all([page.waitForURL(/done=correct/), entry.locator(`button[value="sentiment:${to}"]`).click()]);
  assert.match(await page.textContent('.flash'), /Correction saved/);
  const again = page.locator('.timeline li').filter({ hasText: words }).first();
  assert.match(await again.textContent(), new RegExp(` · ${to}`), `the message reads ${to} now`);
  console.log(`stage before the correction: ${stageBefore}; after: ${stageAfter}`);
  await context.close();
});

// Why a message of the outbox waits (the courtesy rules: one message per
// person in so many days, quiet hours, an open complaint …) on a person's
// page, in the page's language; the API keeps its English.
const HOLDS = {
  de: /höchstens eine Nachricht pro Person|wartet, bis die Beschwerde|Ruhezeit|kein Versand verbunden|abgemeldet|nach der Anfrage geschrieben/,
  th: /ส่งได้ไม่เกินหนึ่งข้อความต่อคน|รอจนกว่าคำร้องเรียน|ช่วงเวลางดส่ง|ยังไม่ได้เชื่อมต่อช่องทางส่ง|ยกเลิกการรับข้อความ|หลังจากได้รับคำขอ/,
};
const ENGLISH_HOLD = /\b(at most one message|per person|waits until|is answered|quiet hours|recipient|no sender|unsubscribed|wrote to the shop|mid-send|cancelled by|erased)\b/;

for (const [lang, want] of Object.entries(HOLDS)) {
  test(`the outbox's hold reasons read in ${lang} where the dashboard lists the shop's messages`, async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: lang === 'de' ? 'de-DE' : 'th-TH',
    });
    const page = await context.newPage();
    await login(page);
    // Mail is connected: the rules queue feedback requests for the demo's
    // orders, and hold some (at most one per person in 14 days).
    let held;
    const until = Date.now() + 30_000;
    while (!held && Date.now() < until) {
      const r = await page.request.get(`${base}/api/outbox?state=queued&limit=1000`);
      assert.equal(r.status(), 200);
      held = (await r.json()).messages.find((m) => m.person && m.last_error);
      if (!held) await new Promise((ok) => setTimeout(ok, 500));
    }
    assert.ok(held, 'a message waits, and says why');
    assert.match(held.last_error, ENGLISH_HOLD, 'the API says why in English, as before');
    await page.goto(`${base}/people/${held.person}`);
    const lines = await page.locator('section.outbox li').allTextContents();
    assert.ok(lines.some((l) => want.test(l)), `${lang}: why it waits, in the language: ${lines.join(' | ')}`);
    for (const l of lines) assert.doesNotMatch(l, ENGLISH_HOLD, `${lang}: "${l}"`);
    await page.locator('section.outbox').screenshot({ path: join(shots, `outbox-${lang}.png`) });
    await context.close();
  });
}

// Why an upload's records were refused, in the page's language (the
// CLI's `file:line: field: reason` stays English).
const REJECTIONS = {
  de: { line: /^Zeile \d+: Feld `/, words: /fehlt|ist kein|fehlerhaft|erwartet wurde|unbekannte Art/ },
  th: { line: /^บรรทัด \d+: ช่อง `/, words: /ไม่มีค่า|ไม่ใช่|ผิดรูปแบบ|ต้องเป็น|ไม่รู้จัก/ },
};
const ENGLISH_REJECTION = /\b(line|field|is missing|is not|not an?|timestamp|email address|number|malformed|expected|found|unknown|column)\b/;

for (const [lang, want] of Object.entries(REJECTIONS)) {
  test(`an upload's rejected lines say why in ${lang}`, async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: lang === 'de' ? 'de-DE' : 'th-TH',
    });
    const page = await context.newPage();
    await login(page);
    await page.goto(`${base}/settings`);
    const file = join(work, `rejected-${lang}.jsonl`);
    const author = { handle: 'anna.faehrt' };
    writeFileSync(
      file,
      [
        JSON.stringify({ channel: 'instagram', kind: 'comment', author, text: 'Hallo', created_at: '2026-11-02T09:00:00Z' }),
        JSON.stringify({ channel: 'instagram', external_id: `bad-time-${lang}`, kind: 'comment', author, text: 'Hallo', created_at: 'gestern' }),
        JSON.stringify({ channel: 'instagram', external_id: `bad-mail-${lang}`, kind: 'comment', author: { ...author, email: 'anna@' }, text: 'Hallo', created_at: '2026-11-02T09:00:00Z' }),
        // A JSON parser's error, an unknown kind, a value of the wrong type.
        '{oops',
        JSON.stringify({ channel: 'instagram', external_id: `bad-kind-${lang}`, kind: 'poke', author, text: 'Hallo', created_at: '2026-11-02T09:00:00Z' }),
        JSON.stringify({ channel: 'instagram', external_id: `bad-brand-${lang}`, kind: 'comment', from_brand: 'ja', author, text: 'Hallo', created_at: '2026-11-02T09:00:00Z' }),
      ].join('\n'),
    );
    await page.selectOption('form.upload select[name=format]', 'jsonl');
    await page.setInputFiles('form.upload input[type=file]', file);
    await Promise.all([page.waitForURL(`${base}/settings/imports`), page.click('form.upload button[type=submit]')]);
    const reasons = await page.locator('.import-result .rejections li').allTextContents();
    assert.equal(reasons.length, 6, `${lang}: ${reasons.join(' | ')}`);
    for (const r of reasons) {
      assert.match(r, want.line, `${lang}: "${r}"`);
      assert.match(r, want.words, `${lang}: "${r}"`);
      assert.doesNotMatch(r, ENGLISH_REJECTION, `${lang}: "${r}"`);
    }
    await page.locator('.import-result').screenshot({ path: join(shots, `import-rejected-${lang}.png`) });
    await context.close();
  });
}
