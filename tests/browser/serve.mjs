#!/usr/bin/env node
// `brief serve` in a real browser (issue 9): Debian's Chromium through
// playwright-core opens a page served from a copy of the shipped briefing,
// then
//   - the page's Markdown is edited: the tab reloads by itself and shows it;
//   - the stylesheet is edited: the new style applies with no reload (a
//     marker set on window survives) and the scroll position is kept;
//   - a template is broken: the errors overlay appears, role="alert", with
//     the diagnostic line; fixed: the overlay goes;
//   - no console message and no failed request all along.
//
//   node tests/browser/serve.mjs
//
// Uses generator/brief (release build); the server listens on 127.0.0.1 on
// a free port and is stopped at the end. Prints "ok - ..." / "FAIL - ...",
// then "N passed, N failed"; exits 1 when a check failed.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const BRIEF = path.join(repo, process.env.BRIEF || 'generator/brief');
const CHROMIUM_ARGS = [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const WAIT_MS = 5000;

const counts = { passed: 0, failed: 0 };
function result(name, problems) {
	if (problems.length === 0) {
		counts.passed++;
		console.log(`ok - ${name}`);
	} else {
		counts.failed++;
		console.log(`FAIL - ${name}`);
		for (const p of problems.slice(0, 10)) console.log(`    ${p}`);
	}
}

// Starts the server in dir; resolves to { proc, url } once it printed its URL.
function startServer(dir) {
	const proc = spawn(BRIEF, ['serve', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	proc.stderr.on('data', (d) => { err += d; });
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no URL after 10 s: ${out} ${err}`)), 10000);
		proc.stdout.on('data', (d) => {
			out += d;
			const m = /^brief: serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve({ proc, url: m[1], stderr: () => err });
			}
		});
		proc.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
	});
}

function copyTree(from, to) {
	fs.cpSync(from, to, { recursive: true });
}

async function main() {
	const tmp = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'brief-serve-browser-'));
	copyTree(path.join(repo, 'content'), path.join(tmp, 'content'));
	copyTree(path.join(repo, 'templates'), path.join(tmp, 'templates'));
	const page_md = path.join(tmp, 'content', 'sources', '_index.md');
	const css = path.join(tmp, 'templates', 'assets', 'style.css');
	const base = path.join(tmp, 'templates', 'base.mustache');
	const server = await startServer(tmp);
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	const messages = [];
	try {
		const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
		const page = await context.newPage();
		page.on('console', (m) => {
			const at = m.location() ? m.location().url : '';
			// Chromium asks for /favicon.ico on its own; the briefing has none.
			if (!at.endsWith('/favicon.ico')) messages.push(`console ${m.type()}: ${m.text()} (${at})`);
		});
		page.on('pageerror', (e) => messages.push(`page error: ${e.message}`));
		page.on('requestfailed', (r) => {
			// The event stream is cut when the page reloads: not a failure.
			if (!r.url().endsWith('/__brief/events')) messages.push(`request failed: ${r.url()}`);
		});
		context.on('response', (r) => {
			if (r.status() >= 400) messages.push(`HTTP ${r.status()}: ${r.url()}`);
		});
		// The event stream is open once the server has answered it.
		const streamOpen = () => page.waitForResponse((r) => r.url().endsWith('/__brief/events'), { timeout: WAIT_MS });
		let opened = streamOpen();
		await page.goto(`${server.url}sources/`, { waitUntil: 'load' });
		await opened;

		// A Markdown edit: the page reloads by itself.
		await page.evaluate(() => { window.briefMarker = 'before'; });
		opened = streamOpen();
		fs.appendFileSync(page_md, '\nA sentence added while serving, zq71.\n');
		const problems = [];
		try {
			await page.waitForFunction(() => document.body.textContent.includes('zq71'), null, { timeout: WAIT_MS });
			if (await page.evaluate(() => window.briefMarker) === 'before') problems.push('the page changed without a reload');
		} catch (e) {
			problems.push(`the edit did not appear: ${e.message.split('\n')[0]}`);
		}
		result('a Markdown edit reloads the open page by itself', problems);

		// A stylesheet edit: applied without a reload, scroll kept.
		await opened;
		await page.evaluate(() => { window.briefMarker = 'css'; window.scrollTo(0, 400); });
		const scrollBefore = await page.evaluate(() => window.scrollY);
		fs.appendFileSync(css, '\nhtml body { outline: 7px solid rgb(1, 2, 3); }\n');
		const cssProblems = [];
		try {
			await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)', null, { timeout: WAIT_MS });
			if (await page.evaluate(() => window.briefMarker) !== 'css') cssProblems.push('the page reloaded');
			const scrollAfter = await page.evaluate(() => window.scrollY);
			if (scrollBefore === 0 || scrollAfter !== scrollBefore) cssProblems.push(`scroll ${scrollBefore} became ${scrollAfter}`);
			const links = await page.evaluate(() => document.querySelectorAll('link[rel~="stylesheet"]').length);
			if (links !== 1) cssProblems.push(`${links} stylesheet links after the swap`);
		} catch (e) {
			cssProblems.push(`the new style did not apply: ${e.message.split('\n')[0]}`);
		}
		result('a stylesheet edit applies without a reload, scroll kept', cssProblems);

		// A broken template: the overlay; fixed: gone.
		const good = fs.readFileSync(base, 'utf8');
		fs.writeFileSync(base, good.replace('{{page.title}}', '{{#page.title}}'));
		const overlayProblems = [];
		try {
			const box = page.locator('#brief-serve-errors');
			await box.waitFor({ state: 'visible', timeout: WAIT_MS });
			const text = await box.textContent();
			if (!/templates\/base\.mustache:\d+:\d+: error: section 'page\.title' opened here is never closed/.test(text)) overlayProblems.push(`overlay text: ${text}`);
			if (await box.getAttribute('role') !== 'alert') overlayProblems.push('the overlay is not role="alert"');
			if (await page.evaluate(() => getComputedStyle(document.getElementById('brief-serve-errors')).position) !== 'fixed') overlayProblems.push('the overlay is not fixed');
			if (!(await page.textContent('body')).includes('zq71')) overlayProblems.push('the last good page is gone');
		} catch (e) {
			overlayProblems.push(`no overlay: ${e.message.split('\n')[0]}`);
		}
		result('a broken template shows the errors over the page', overlayProblems);

		fs.writeFileSync(base, good);
		const fixProblems = [];
		try {
			await page.locator('#brief-serve-errors').waitFor({ state: 'detached', timeout: WAIT_MS });
		} catch (e) {
			fixProblems.push(`the overlay stayed: ${e.message.split('\n')[0]}`);
		}
		result('the fix removes the overlay', fixProblems);
		await page.waitForTimeout(300);
		result('no console message, failed request or HTTP error', messages);
		await context.close();
	} finally {
		await browser.close();
		server.proc.kill('SIGTERM');
		await new Promise((resolve) => server.proc.once('exit', resolve));
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	console.log(`${counts.passed} passed, ${counts.failed} failed`);
	process.exit(counts.failed ? 1 : 0);
}

main().catch((e) => {
	console.log(`FAIL - the serve browser suite ran: ${e.message}`);
	console.log(`${counts.passed} passed, ${counts.failed + 1} failed`);
	process.exit(1);
});
