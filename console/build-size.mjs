// Prints what a first visit downloads: the JavaScript that index.html loads (its entry script and
// the chunks it preloads), gzipped as the browser would receive it, against the 350 KB budget.
// Lazy chunks (the diff view, the explorer) load later and are listed apart.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('./dist/', import.meta.url);
const BUDGET_KB = 350;
const html = readFileSync(new URL('index.html', dist), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
const gzipKb = (file) => gzipSync(readFileSync(new URL(file, dist))).length / 1024;
const initialKb = initial.reduce((sum, file) => sum + gzipKb(file), 0);
const lazy = readdirSync(new URL('assets/', dist)).filter(
  (name) => name.endsWith('.js') && !initial.includes(`assets/${name}`),
);
const lazyKb = lazy.reduce((sum, name) => sum + gzipKb(`assets/${name}`), 0);
console.log(
  `console: initial JavaScript ${initialKb.toFixed(1)} KB gzipped (${initial.length} files; budget ${BUDGET_KB} KB), ` +
    `lazy chunks ${lazyKb.toFixed(1)} KB gzipped (${lazy.length} files)`,
);
if (initialKb > BUDGET_KB) console.log(`console: the initial JavaScript is over the ${BUDGET_KB} KB budget`);
