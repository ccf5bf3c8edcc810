#!/usr/bin/env node
// The search part of make bench: opens URL (a built site's search page with
// ?q=...) in headless Chromium RUNS times and prints the median time from
// navigation start to the first results on the page (the performance mark
// 'brief-search-results' that assets/search.js sets), and the result count.
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
try {
	const times = [];
	let status = '';
	for (let i = 0; i < Number(runs); i++) {
		// A fresh context each time: nothing cached from the last run.
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(url, { waitUntil: 'load', timeout: 60000 });
		await page.waitForFunction(() => performance.getEntriesByName('brief-search-results').length > 0, null, { timeout: 60000 });
		const r = await page.evaluate(() => ({
			ms: performance.getEntriesByName('brief-search-results')[0].startTime,
			status: document.getElementById('search-status').textContent,
		}));
		times.push(r.ms);
		status = r.status;
		await context.close();
	}
	times.sort((a, b) => a - b);
	const mid = times.length >> 1;
	const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
	console.log(`${median.toFixed(0)} ms median (${times.map((t) => t.toFixed(0)).join(', ')}), ${status}`);
} finally {
	await browser.close();
}
