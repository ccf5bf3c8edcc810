#!/usr/bin/env node
// The search part of make bench: opens URL (a built site's search page with
// ?q=...) in headless Chromium RUNS times and prints the median times from
// navigation start to the first results on the page and to the complete
// results (the performance marks 'brief-search-results' and
// 'brief-search-complete' that assets/search.js sets), and the result
// count of each.
//
//   node tests/bench/search.mjs URL [RUNS]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'browser', 'package.json'));
const { chromium } = require('playwright-core');
const [url, runs = '7'] = process.argv.slice(2);
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
// "median ms median (each run)" of times.
function summary(times) {
	times.sort((a, b) => a - b);
	const mid = times.length >> 1;
	const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
	return `${median.toFixed(0)} ms median (${times.map((t) => t.toFixed(0)).join(', ')})`;
}

try {
	const first = [], complete = [];
	let status = '';
	const at = (name) => performance.getEntriesByName(name).length > 0;
	for (let i = 0; i < Number(runs); i++) {
		// A fresh context each time: nothing cached from the last run.
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(url, { waitUntil: 'load', timeout: 60000 });
		await page.waitForFunction(at, 'brief-search-complete', { timeout: 60000 });
		const r = await page.evaluate(() => ({
			first: performance.getEntriesByName('brief-search-results')[0].startTime,
			complete: performance.getEntriesByName('brief-search-complete')[0].startTime,
			// The status line as each mark was set (its detail).
			status: ['brief-search-results', 'brief-search-complete'].map((n) => performance.getEntriesByName(n)[0].detail).join(' first, ') + ' complete',
		}));
		first.push(r.first);
		complete.push(r.complete);
		status = r.status;
		await context.close();
	}
	console.log(`first results ${summary(first)}; complete ${summary(complete)}; ${status}`);
} finally {
	await browser.close();
}
