import { seedScriptTree } from '@etl/scripts';
import { TEST_ADMIN, type TestUser } from '@etl/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, type ConsoleTestStack } from './support/console-stack.js';
import {
  ensureConsoleBuilt,
  launchChromium,
  replaceEditorText,
  screenshot,
  seriousAxeViolations,
} from './support/browser.js';

const INVALID = 'def main(data):\n    return 1 +\n';
// Counts the lines of an input file when the run was given one (in/<name> in the run folder).
const VALID = [
  'import os',
  '',
  'def main(data):',
  "    lines = len(open('in/wells.csv').read().splitlines()) if os.path.exists('in/wells.csv') else 0",
  "    return {'greeting': 'hello ' + data.get('name', 'world'), 'lines': lines}",
  '',
].join('\n');

/**
 * The console in Debian's Chromium against the whole stack: a person's path from sign-in to a
 * run's result, what a viewer and an operator may do, and accessibility on each main page.
 */
describe('the web console in a browser', () => {
  let stack: ConsoleTestStack;
  let browser: Browser;
  let scriptId = '';
  beforeAll(async () => {
    await ensureConsoleBuilt();
    stack = await startConsoleStack();
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    // bypassCSP only lets axe-core's script in; the console itself runs under the gateway's CSP.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return { context, page };
  };
  const signIn = async (page: Page, login: string, password: string, path = '/') => {
    await page.goto(`${stack.origin}${path}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Login').fill(login);
    await page.locator('input[autocomplete=current-password]').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const expectAccessible = async (page: Page) => expect(await seriousAxeViolations(page)).toEqual([]);

  it('takes an admin from sign-in through a folder, a script, versions, release, binding and a run, to sign-out', async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.origin}/`);
    await page.waitForURL(/\/login\?next=%2F$/);
    await expectAccessible(page);
    await screenshot(page, 'sign-in');
    await signIn(page, TEST_ADMIN.login, TEST_ADMIN.password);
    await page.getByRole('heading', { name: 'Scripts' }).waitFor();

    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('e2e-folder');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'Expand folder e2e-folder' }).waitFor();
    await page.getByRole('button', { name: 'Actions for e2e-folder' }).click();
    await page.getByRole('menuitem', { name: 'New script here' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('hello.py');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/scripts\/[0-9a-f-]+$/);
    scriptId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: 'hello.py' }).waitFor();

    await replaceEditorText(page, INVALID);
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await expect.poll(() => page.getByTestId('invalid-line').textContent()).toMatch(/^Line 2: /);
    expect(await page.locator('.cm-lint-marker-error').count()).toBe(1);
    await screenshot(page, 'editor-invalid-line');

    await replaceEditorText(page, VALID);
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await expectAccessible(page);

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.waitForURL(/\/versions/);
    await page.locator('.cm-mergeView').waitFor();
    expect(await page.locator('.cm-changedLine').count()).toBeGreaterThan(0);
    await screenshot(page, 'version-diff');

    await page.getByRole('tab', { name: 'Editor' }).click();
    await page.getByRole('button', { name: 'Release version 2' }).click();
    await expect.poll(() => page.getByTestId('release-state').textContent()).toBe('released v2');

    await page.getByRole('tab', { name: 'ETL binding' }).click();
    await page.getByLabel('ETL task id').fill('task-1');
    await page.getByLabel('Stage', { exact: true }).first().click();
    await page.getByRole('option', { name: 'FIELD_RULE' }).click();
    await page.getByLabel('Default value').fill('5');
    await page.getByLabel('Lowest value').fill('one');
    await page.getByRole('button', { name: 'Save binding' }).click();
    const lowest = page.getByLabel('Lowest value');
    await expect.poll(() => lowest.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'etl-binding-error');
    await lowest.fill('1');
    await page.getByRole('button', { name: 'Save binding' }).click();
    await page.getByText('Binding saved.').waitFor();
    expect(await lowest.getAttribute('aria-invalid')).not.toBe('true');

    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByLabel('Input (a JSON object)').fill('{"name": "e2e"}');
    // An input file from this computer: createUpload, the PUT through the gateway, then picked by key.
    await page.locator('input[type=file]').setInputFiles({
      name: 'wells.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('depth\n1\n2\n'),
    });
    const uploadedKey = (await page.getByTestId('uploaded-key').textContent())!.replace('Uploaded as ', '');
    expect(uploadedKey).toMatch(/^console-uploads\/[^/]+\/wells\.csv$/);
    const picked = page.getByRole('form', { name: 'Start a run' }).getByText(uploadedKey, { exact: true });
    expect(await picked.count()).toBeGreaterThan(0);
    const stored = await stack.request<{ file: { size: number } }>(
      'query($key: String!) { file(key: $key) { size } }',
      {
        token: await stack.adminToken(),
        variables: { key: uploadedKey },
      },
    );
    expect(stored.data?.file.size).toBe(10);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('SUCCEEDED');
    expect(await page.getByTestId('run-result').textContent()).toContain('"greeting": "hello e2e"');
    expect(await page.getByTestId('run-result').textContent()).toContain('"lines": 3');
    await expectAccessible(page);
    await screenshot(page, 'run-result');

    await page.goto(`${stack.origin}/`);
    await page.getByRole('button', { name: 'Expand folder e2e-folder' }).click();
    await page.getByRole('link', { name: 'hello.py' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'script-tree');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${stack.origin}/scripts/${scriptId}`);
    await page.waitForURL(/\/login\?next=/);
    await context.close();
  }, 180_000);

  it('returns to the sign-in page, keeping the page, when the session ended elsewhere', async () => {
    // A user of its own: logoutAll revokes every token of the user, and the stack's admin token
    // must stay good for the tests after this one.
    const reader = await stack.createUser(['viewer']);
    const { context, page } = await newPage();
    await signIn(page, reader.login, reader.password, `/scripts/${scriptId}/versions`);
    await page.waitForURL(new RegExp(`/scripts/${scriptId}/versions$`));
    await stack.request('mutation { logoutAll }', { token: reader.accessToken });
    await page.reload();
    await page.waitForURL(new RegExp(`/login\\?next=%2Fscripts%2F${scriptId}%2Fversions`));
    await page.getByLabel('Login').fill(reader.login);
    await page.locator('input[autocomplete=current-password]').fill(reader.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(new RegExp(`/scripts/${scriptId}/versions$`));
    await context.close();
  });

  const signInAs = async (user: TestUser) => {
    const opened = await newPage();
    await signIn(opened.page, user.login, user.password, `/scripts/${scriptId}`);
    await opened.page.getByRole('heading', { name: 'hello.py' }).waitFor();
    return opened;
  };

  it('shows a viewer no write action', async () => {
    const { context, page } = await signInAs(await stack.createUser(['viewer']));
    expect(await page.getByRole('button', { name: 'Save as new version' }).isDisabled()).toBe(true);
    expect(await page.getByText(/^Read only: /).count()).toBe(1);
    await page.getByRole('tab', { name: 'Runs' }).click();
    expect(await page.getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Upload a file' }).isDisabled()).toBe(true);
    await page.goto(`${stack.origin}/`);
    await page.getByRole('button', { name: 'Expand folder e2e-folder' }).click();
    await page.getByRole('link', { name: 'hello.py' }).waitFor();
    expect(await page.getByRole('button', { name: /^New (folder|script)$/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions for/ }).count()).toBe(0);
    await context.close();
  });

  it('lets an operator run a script but not edit it', async () => {
    const { context, page } = await signInAs(await stack.createUser(['operator']));
    expect(await page.getByRole('button', { name: 'Save as new version' }).isDisabled()).toBe(true);
    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('SUCCEEDED');
    await context.close();
  });

  it('opens the API explorer offline, signed in as the console user', async () => {
    const { context, page } = await newPage();
    await context.route(
      (url) => url.origin !== stack.origin,
      (route) => route.abort(),
    );
    await signIn(page, TEST_ADMIN.login, TEST_ADMIN.password, '/explorer');
    await page.locator('.graphiql-container').waitFor();
    await screenshot(page, 'explorer');
    await context.close();
  });

  it('opens a tree of ten thousand scripts (a figure, printed, not asserted)', async () => {
    const me = await stack.request<{ me: { id: string } }>('{ me { id } }', { token: await stack.adminToken() });
    await seedScriptTree(stack.scripts.orm.em.fork(), {
      root: 'bench',
      folders: 1000,
      scripts: 10_000,
      ownerId: me.data!.me.id,
    });
    const { context, page } = await newPage();
    await signIn(page, TEST_ADMIN.login, TEST_ADMIN.password, '/');
    const bench = page.getByRole('button', { name: 'Expand folder bench', exact: true });
    await bench.waitFor();
    // Where the time goes: when each request of the reload started and ended, from the reload.
    const timings: string[] = [];
    const started = Date.now();
    page.on('requestfinished', (request) => {
      const name = /"operationName":"(\w+)"/.exec(request.postData() ?? '')?.[1] ?? new URL(request.url()).pathname;
      const timing = request.timing();
      const at = timing.startTime - started;
      timings.push(`${name} ${Math.round(at)}–${Math.round(at + timing.responseEnd)} ms`);
    });
    await page.reload();
    await bench.waitFor({ timeout: 60_000 });
    const openMs = Date.now() - started;
    page.removeAllListeners('requestfinished');
    await bench.click();
    await page.getByRole('button', { name: 'Expand folder bench/folder-1', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: /^script-\d+\.py$/ }).count()).toBe(10);
    await page.getByLabel('Filter by name').fill('folder-99');
    await page.getByRole('button', { name: 'Expand folder bench/folder-9/folder-99', exact: true }).waitFor();
    const matches = await page.getByTestId('tree-matches').textContent();
    console.log(`console: requests of the reload: ${timings.join('; ')}`);
    console.log(
      `console: the tree of 1,000 folders and 10,000 scripts opened in ${openMs} ms (filter "folder-99": ${matches})`,
    );
    await context.close();
  }, 180_000);
});
