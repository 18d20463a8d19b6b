/**
 * Security claims of browser mode, proved in Chromium: the CSP blocks inline script and remote
 * resources, camera and microphone are switched off, the page has no Node access, and the
 * session token appears only in the single line the host prints.
 */
import { expect, test } from './support/web-app';
import { FieldnoteApp } from './support/pages';

// eval is not tried here: Playwright's evaluate runs through DevTools, which CSP exempts. The
// header's script-src without 'unsafe-eval' is checked in test/integration/services/web-host.test.ts.
test('the CSP blocks inline script and remote resources', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  await new FieldnoteApp(page).ready();
  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
    const image = new Image();
    const imageLoaded = await new Promise<boolean>((resolve) => {
      image.onload = () => resolve(true);
      image.onerror = () => resolve(false);
      image.src = 'https://example.com/tracker.png';
    });
    let fetched = true;
    try {
      await fetch('https://example.com/');
    } catch {
      fetched = false;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, imageLoaded, fetched, violations };
  });
  expect(outcome.inlineRan).toBe(false);
  expect(outcome.imageLoaded).toBe(false);
  expect(outcome.fetched).toBe(false);
  expect(outcome.violations.some((v) => v.startsWith('script-src'))).toBe(true);
  expect(outcome.violations.some((v) => v.startsWith('img-src') && v.includes('example.com'))).toBe(true);
  expect(outcome.violations.some((v) => v.startsWith('connect-src'))).toBe(true);
});

// Chromium runs with fake capture devices that accept every prompt (support/chromium.ts), so a
// refusal here comes from Fieldnote's Permissions-Policy, not from a missing device.
test('camera and microphone are refused to the page, which has no Node access', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  await new FieldnoteApp(page).ready();
  const outcome = await page.evaluate(async () => {
    const policy = (document as unknown as { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy;
    let media: string;
    try {
      await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      media = 'granted';
    } catch (error) {
      media = (error as Error).name;
    }
    return {
      microphone: policy?.allowsFeature('microphone'),
      camera: policy?.allowsFeature('camera'),
      media,
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    };
  });
  expect(outcome.microphone).toBe(false);
  expect(outcome.camera).toBe(false);
  expect(outcome.media).toBe('NotAllowedError');
  expect(outcome.require).toBe('undefined');
  expect(outcome.process).toBe('undefined');
});

test('the token is printed once, in the first line, and never again', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Token check', 'correct horse battery staple');
  await app.lock();
  await app.unlock('wrong passphrase given');
  await expect(app.errorMessage()).toBeVisible();
  const token = new URL(webApp.url).searchParams.get('token')!;
  const output = webApp.stdout();
  expect(output.split(token).length - 1).toBe(1);
  expect(output.split('\n')[0]).toContain(token);
  expect(output).not.toContain('Token check');
});

test('the app links to nothing outside itself', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Links', 'correct horse battery staple');
  const external = await page.evaluate(() =>
    [...document.querySelectorAll('a[href], link[href], script[src], img[src]')]
      .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '')
      .filter((u) => /^(https?:)?\/\//.test(u) && !u.startsWith(location.origin)),
  );
  expect(external).toEqual([]);
});

test('the link in the URL works once: another browser that replays it gets nothing', async ({ page, browser, webApp }) => {
  await page.goto(webApp.url);
  await new FieldnoteApp(page).ready();
  expect(page.url()).not.toContain('token=');
  const other = await browser.newContext();
  try {
    const replay = await (await other.newPage()).goto(webApp.url);
    expect(replay?.status()).toBe(401);
    expect(await replay?.text()).toContain('already been used');
  } finally {
    await other.close();
  }
});

// Issue 17: a page on another 127.0.0.1 port could end the host with one <img> to a malformed
// %-encoding, because the browser sends our cookie to every port of 127.0.0.1.
test('a page on another local port cannot end the host or reach it', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  const hostUrl = new URL(webApp.url).origin;
  const { createServer } = await import('node:http');
  const evil = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<img src="${hostUrl}/%E0%A4%A"><img src="${hostUrl}/api/%E0%A4%A"><script>fetch("${hostUrl}/api/app.info",{method:"POST",mode:"no-cors",body:"{}"})</script>`);
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  try {
    const evilPage = await page.context().newPage();
    await evilPage.goto(`http://127.0.0.1:${(evil.address() as { port: number }).port}/`);
    await evilPage.waitForLoadState('networkidle');
    await evilPage.close();
    const info = await page.evaluate(async () => (await fetch('/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json());
    expect(info).toMatchObject({ ok: true });
    expect(webApp.stdout()).not.toMatch(/URIError|exited/);
  } finally {
    evil.close();
  }
});
