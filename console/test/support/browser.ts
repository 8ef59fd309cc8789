import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

const consoleDir = fileURLToPath(new URL('../../', import.meta.url));

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

/** `npm test` builds the console first; a run of this file alone builds it when it never was. */
export async function ensureConsoleBuilt(): Promise<void> {
  if (existsSync(`${consoleDir}dist/index.html`)) return;
  await promisify(execFile)('pnpm', ['run', 'build'], { cwd: consoleDir, maxBuffer: 64 * 1024 * 1024 });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** The serious and critical accessibility violations axe-core finds on the page, by rule. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    // Runs in the page, where axe-core was just added to the global scope.
    const page = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    const result = await page.axe.run(page.document);
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.targets.join(', ')}`);
}

/** Saves a screenshot of the page under docs/console/ for the README. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: fileURLToPath(new URL(`../../../docs/console/${name}.png`, import.meta.url)) });
}

/** Replaces the whole text of the CodeMirror editor on the page, as typing would. */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid=python-editor] .cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
