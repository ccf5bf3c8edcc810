#!/usr/bin/env node
// brief's real-browser tests (issue 5): every HTML page of a built site,
// opened in Debian's Chromium through playwright-core, checked as a reader,
// an accessibility auditor and an HTML validator would.
//
//   node tests/browser/run.mjs [SITE_DIR]
//
// SITE_DIR is a built site (such as output/). Without it, the repository's
// content is built into a temporary folder with `generator/brief build`, so
// the suite never depends on a previous `make`. Pages are discovered from the
// output, never listed here: the site's pages come and go.
//
// Each check of each page is one test, printed as "ok - ..." or "FAIL - ..."
// (details indented below it); the last line is "N passed, N failed" (plus
// ", N skipped" when something was skipped). Exits 1 when a check failed.

import { chromium } from 'playwright-core';
import { HtmlValidate } from 'html-validate';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);

// The site is served from a sub-folder, as it would be on a shared host:
// a link that starts with "/" or climbs above the site root shows up as 404.
const PREFIX = '/some/sub/path/';
const VIEWPORTS = {
	phone: { width: 375, height: 812 },
	laptop: { width: 1280, height: 800 },
};
// Flags for a machine with a closed network: without them Chromium keeps
// trying Google's hosts (updates, sync, background requests).
// The fresh --user-data-dir comes from playwright-core itself: launch() makes
// one with mkdtemp and deletes it on close, and refuses the flag in args.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TIMEOUT_MS = 20000;
const SCREENSHOTS = path.join(here, 'screenshots');
const MAX_DETAILS = 15;

// ---------------------------------------------------------------- reporting

const counts = { passed: 0, failed: 0, skipped: 0 };

function pass(name, note) {
	counts.passed++;
	console.log(`ok - ${name}${note ? ` (${note})` : ''}`);
}

function fail(name, details) {
	counts.failed++;
	console.log(`FAIL - ${name}`);
	const lines = [].concat(details);
	for (const d of lines.slice(0, MAX_DETAILS)) console.log(`    ${d}`);
	if (lines.length > MAX_DETAILS) console.log(`    ... and ${lines.length - MAX_DETAILS} more`);
}

function skip(name, why) {
	counts.skipped++;
	console.log(`skipped - ${name}: ${why}`);
}

// Runs one check. fn returns a list of problems (empty: passed), or an object
// { problems, note } or { skip: reason }. A thrown error is a failure.
async function check(name, fn) {
	let r;
	try {
		r = await fn();
	} catch (e) {
		fail(name, String(e && e.message ? e.message : e).split('\n').slice(0, 3));
		return;
	}
	if (r && r.skip) return skip(name, r.skip);
	const problems = Array.isArray(r) ? r : (r && r.problems) || [];
	if (problems.length) fail(name, problems);
	else pass(name, r && r.note);
}

// ---------------------------------------------------------------- the site

// Builds the repository's content into a fresh temporary folder; returns the
// folder, or throws with brief's diagnostics.
function buildSite(tmp) {
	const brief = path.join(repo, 'generator', 'brief');
	if (!fs.existsSync(brief)) throw new Error(`${brief} not found: run make first, or pass a built site folder`);
	const out = path.join(tmp, 'site');
	const r = spawnSync(brief, ['build', '-q', '-o', out], { cwd: repo, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`brief build failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
	return out;
}

// Every *.html file under root, as sorted '/'-separated relative paths.
function listPages(root, rel = '') {
	const found = [];
	for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
		if (e.name.startsWith('.')) continue;
		const r = rel ? `${rel}/${e.name}` : e.name;
		if (e.isDirectory()) found.push(...listPages(root, r));
		else if (e.isFile() && /\.html?$/i.test(e.name)) found.push(r);
	}
	return found.sort();
}

function htmlLang(text) {
	const m = /<html\b[^>]*?\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(text);
	return m ? (m[1] ?? m[2] ?? m[3]).trim() : '';
}

const primary = (lang) => String(lang || '').toLowerCase().split('-')[0];

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
const decodeEntities = (s) => s.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, e) => ENTITIES[e]);

// The fragment targets of an HTML text: every id, and every <a name>.
function anchorsOf(text) {
	const ids = new Set();
	const attr = /\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;
	for (const tag of text.match(/<[a-z][^>]*>/gi) || []) {
		for (const m of tag.matchAll(attr)) ids.add(decodeEntities(m[2] ?? m[3] ?? m[4]));
	}
	return ids;
}

// ---------------------------------------------------------------- the server

const TYPES = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript',
	'.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon',
	'.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml',
	'.woff2': 'font/woff2', '.woff': 'font/woff',
};

// Serves root under PREFIX on an ephemeral port of 127.0.0.1, as a plain web
// server would (a folder serves its index.html); anything else is a 404.
function serve(root) {
	const server = http.createServer((req, res) => {
		const notFound = (why) => {
			res.writeHead(404, { 'content-type': 'text/plain' });
			res.end(why);
		};
		let rel;
		try {
			rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
		} catch {
			res.writeHead(400);
			return res.end();
		}
		if (!rel.startsWith(PREFIX)) return notFound('outside the site folder');
		let file = path.join(root, rel.slice(PREFIX.length));
		if (file !== root && !file.startsWith(root + path.sep)) return notFound('outside the site folder');
		let st = fs.statSync(file, { throwIfNoEntry: false });
		if (st && st.isDirectory()) {
			if (!rel.endsWith('/')) {
				res.writeHead(301, { location: `${rel}/` });
				return res.end();
			}
			file = path.join(file, 'index.html');
			st = fs.statSync(file, { throwIfNoEntry: false });
		}
		if (!st || !st.isFile()) return notFound('no such file');
		res.writeHead(200, {
			'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
			'content-length': st.size,
			'cache-control': 'no-store',
		});
		if (req.method === 'HEAD') return res.end();
		fs.createReadStream(file).pipe(res);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}

// ---------------------------------------------------------------- loading

// The two ways a reader opens the site. Each knows a page's URL, which URLs
// are its own (anything else is a request to another place), and whether a
// link target exists.
function fileOrigin(root) {
	return {
		name: 'file://',
		url: (rel) => pathToFileURL(path.join(root, rel)).href,
		own(u) {
			if (u.protocol === 'data:' || u.protocol === 'blob:' || u.href === 'about:blank') return true;
			if (u.protocol !== 'file:') return false;
			const p = fileURLToPath(u);
			return p === root || p.startsWith(root + path.sep);
		},
		// null when the target is a file of the site, else what is wrong.
		async target(u) {
			const st = fs.statSync(fileURLToPath(u), { throwIfNoEntry: false });
			if (!st) return 'no such file';
			if (st.isDirectory()) return 'is a folder (a browser shows a file listing from file://; link to its index.html)';
			return null;
		},
		async text(u) {
			return fs.readFileSync(fileURLToPath(u), 'utf8');
		},
	};
}

function httpOrigin(port) {
	const base = `http://127.0.0.1:${port}${PREFIX}`;
	const cache = new Map();
	const get = async (href, method) => {
		const key = `${method} ${href}`;
		if (!cache.has(key)) cache.set(key, fetch(href, { method }).then(async (r) => ({ status: r.status, text: method === 'GET' ? await r.text() : '' })));
		return cache.get(key);
	};
	return {
		name: 'http',
		url: (rel) => base + rel.split('/').map(encodeURIComponent).join('/'),
		own(u) {
			if (u.protocol === 'data:' || u.protocol === 'blob:' || u.href === 'about:blank') return true;
			return u.protocol === 'http:' && u.host === `127.0.0.1:${port}`;
		},
		async target(u) {
			if (!decodeURIComponent(u.pathname).startsWith(PREFIX)) return `leaves the site folder ${PREFIX}`;
			const r = await get(u.href, 'HEAD');
			return r.status === 200 ? null : `HTTP ${r.status}`;
		},
		async text(u) {
			return (await get(u.href, 'GET')).text;
		},
	};
}

// Opens url in a new page of context, recording everything that can go wrong
// while it loads. Returns { page, log }; the caller closes the page.
async function open(context, origin, url) {
	const page = await context.newPage();
	page.setDefaultTimeout(TIMEOUT_MS);
	const log = { console: [], failed: [], foreign: [], requests: 0 };
	page.on('console', (m) => {
		if (m.type() !== 'error' && m.type() !== 'warning') return;
		const at = m.location() && m.location().url ? ` (${m.location().url}:${m.location().lineNumber + 1})` : '';
		log.console.push(`${m.type()}: ${m.text()}${at}`);
	});
	page.on('pageerror', (e) => log.console.push(`uncaught exception: ${e.message}`));
	page.on('request', (r) => {
		log.requests++;
		if (!origin.own(new URL(r.url()))) log.foreign.push(`${r.method()} ${r.url()} (${r.resourceType()})`);
	});
	page.on('requestfailed', (r) => log.failed.push(`${r.url()}: ${r.failure() ? r.failure().errorText : 'failed'}`));
	page.on('response', (r) => {
		if (r.status() >= 400) log.failed.push(`${r.url()}: HTTP ${r.status()}`);
	});
	const resp = await page.goto(url, { waitUntil: 'load' });
	if (resp && resp.status() >= 400) throw new Error(`${url}: HTTP ${resp.status()}`);
	return { page, log };
}

// In the page: every stylesheet and image loaded (lazy images are made eager
// first, so that images below the fold count too).
async function resourcesIn(page) {
	return page.evaluate(async () => {
		const problems = [];
		const links = [...document.querySelectorAll('link[rel~="stylesheet" i][href]')];
		for (const l of links) if (!l.sheet) problems.push(`stylesheet not loaded: ${l.getAttribute('href')}`);
		const imgs = [...document.images];
		for (const i of imgs) if (i.loading === 'lazy') i.loading = 'eager';
		await Promise.all(imgs.map((i) => (i.complete ? null : new Promise((done) => {
			i.addEventListener('load', done, { once: true });
			i.addEventListener('error', done, { once: true });
			setTimeout(done, 5000);
		}))));
		for (const i of imgs) if (!(i.complete && i.naturalWidth > 0)) problems.push(`image not loaded: ${i.getAttribute('src')}`);
		return { problems, note: `${document.styleSheets.length} stylesheet(s), ${imgs.length} image(s)` };
	});
}

// Every URL the page refers to, resolved by the browser.
async function referencesIn(page) {
	return page.evaluate(() => {
		const refs = [];
		const sel = 'a[href], area[href], link[href], img[src], source[src], script[src], iframe[src], video[src], audio[src], object[data]';
		for (const e of document.querySelectorAll(sel)) {
			const attr = e.hasAttribute('href') ? 'href' : e.hasAttribute('data') ? 'data' : 'src';
			const raw = e.getAttribute(attr);
			let abs;
			try {
				abs = new URL(raw, document.baseURI).href;
			} catch {
				abs = null;
			}
			refs.push({ tag: e.tagName.toLowerCase(), raw, abs });
		}
		return refs;
	});
}

// Checks that every reference that stays on the page's own origin leads to
// an existing file, and that its #fragment (if any) names an element there.
async function linkProblems(origin, pageUrl, refs, anchorCache) {
	const problems = [];
	const from = new URL(pageUrl);
	let checked = 0;
	for (const { tag, raw, abs } of refs) {
		if (abs === null) {
			problems.push(`<${tag}> '${raw}': not a valid URL`);
			continue;
		}
		const u = new URL(abs);
		if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'file:') {
			if (!origin.own(u)) {
				// A link to another site is fine; a file:// link leaving the
				// site folder, or a site-root link, is not.
				if (u.protocol === 'file:' || u.host === from.host) problems.push(`<${tag}> '${raw}': leaves the site folder`);
				continue;
			}
		} else {
			continue; // mailto:, tel:, data: ...
		}
		checked++;
		const frag = u.hash ? decodeURIComponent(u.hash.slice(1)) : '';
		const doc = new URL(u.href);
		doc.hash = '';
		const why = await origin.target(doc);
		if (why) {
			problems.push(`<${tag}> '${raw}': ${why}`);
			continue;
		}
		if (!frag || frag === 'top' || tag !== 'a') continue;
		if (!anchorCache.has(doc.href)) anchorCache.set(doc.href, anchorsOf(await origin.text(doc)));
		if (!anchorCache.get(doc.href).has(frag)) problems.push(`<a> '${raw}': no element with id '${frag}' there`);
	}
	return { problems, note: `${checked} internal reference(s)` };
}

// The load checks of one page from one origin: five tests.
async function loadChecks(context, origin, rel, anchorCache, after) {
	const name = `${rel} [${origin.name}]`;
	let opened;
	try {
		opened = await open(context, origin, origin.url(rel));
	} catch (e) {
		fail(`${name}: loads`, String(e.message).split('\n').slice(0, 3));
		return;
	}
	const { page, log } = opened;
	try {
		await check(`${name}: no console error or warning`, () => log.console);
		await check(`${name}: no failed request`, () => ({ problems: log.failed, note: `${log.requests} request(s)` }));
		await check(`${name}: no request to another host`, () => log.foreign);
		await check(`${name}: every stylesheet and image loaded`, () => resourcesIn(page));
		await check(`${name}: every internal link's target exists`, async () => linkProblems(origin, page.url(), await referencesIn(page), anchorCache));
		if (after) await after(page, log);
	} finally {
		await page.close();
	}
}

// Opens rel in a new page of context and runs fn on it; a page that does not
// load fails the check called name.
async function withPage(context, origin, rel, name, fn) {
	let opened;
	try {
		opened = await open(context, origin, origin.url(rel));
	} catch (e) {
		fail(name, String(e.message).split('\n').slice(0, 3));
		return;
	}
	try {
		await fn(opened.page);
	} finally {
		await opened.page.close();
	}
}

// ---------------------------------------------------------------- the checks

// axe-core is evaluated through the DevTools protocol: the site's
// Content-Security-Policy (script-src 'none') would block a <script> tag.
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// all: every violation counts, not only serious and critical ones.
async function axeCheck(page, scheme, all = false) {
	const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
	if (dark !== (scheme === 'dark')) return [`prefers-color-scheme: ${scheme} is not in effect`];
	await page.evaluate(AXE);
	const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
	const problems = [];
	let minor = 0;
	for (const v of res.violations) {
		if (!all && v.impact !== 'serious' && v.impact !== 'critical') {
			minor += v.nodes.length;
			continue;
		}
		problems.push(`${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element(s))`);
		for (const n of v.nodes.slice(0, 3)) {
			const why = (n.failureSummary || '').split('\n').slice(1, 2).join(' ').trim();
			problems.push(`  at ${n.target.join(' ')}${why ? `: ${why}` : ''}`);
		}
	}
	return { problems, note: minor ? `${minor} moderate/minor finding(s) not counted` : '' };
}

// First Tab from the top reaches the skip link, which is visible when focused;
// Enter moves focus to the main content it targets.
async function keyboardCheck(page) {
	await page.evaluate(() => {
		window.scrollTo(0, 0);
		if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
	});
	await page.keyboard.press('Tab');
	const first = await page.evaluate(() => {
		const a = document.activeElement;
		if (!a || a === document.body) return { problem: 'Tab focused nothing' };
		const desc = `<${a.tagName.toLowerCase()}${a.id ? ` id="${a.id}"` : ''}${a.className ? ` class="${a.className}"` : ''}> '${(a.textContent || '').trim().slice(0, 40)}'`;
		const href = a.getAttribute('href') || '';
		if (a.tagName !== 'A' || !href.startsWith('#') || href.length < 2) return { problem: `first Tab focused ${desc}, not a skip link (an <a href="#...">)` };
		const target = document.getElementById(decodeURIComponent(href.slice(1)));
		if (!target) return { problem: `skip link ${desc} targets '${href}', which does not exist` };
		const isMain = target.matches('main, [role="main"]') || target.closest('main, [role="main"]') || target.querySelector('main, [role="main"]');
		if (!isMain) return { problem: `skip link ${desc} targets '${href}', which is not the main content` };
		const r = a.getBoundingClientRect();
		if (r.width < 1 || r.height < 1 || r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return { problem: `skip link ${desc} is off screen when focused (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)})` };
		return { href, desc };
	});
	if (first.problem) return [first.problem];
	await page.keyboard.press('Enter');
	const after = await page.evaluate((href) => {
		const target = document.getElementById(decodeURIComponent(href.slice(1)));
		const a = document.activeElement;
		if (a === target || (a !== document.body && target.contains(a))) return null;
		return `after Enter on the skip link, focus is on <${a ? a.tagName.toLowerCase() : 'nothing'}>, not on '${href}' (give it tabindex="-1")`;
	}, first.href);
	return after ? [after] : { note: `${first.desc} -> ${first.href}` };
}

// No horizontal scrolling; the header's navigation visible with every link
// inside the viewport; .card and .chart elements inside the viewport width.
async function layoutCheck(page) {
	return page.evaluate(() => {
		const problems = [];
		const vw = window.innerWidth;
		const desc = (e) => `<${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.classList.length ? `.${[...e.classList].join('.')}` : ''}>`;
		const sw = document.documentElement.scrollWidth;
		if (sw > vw) {
			problems.push(`horizontal scrolling: the page is ${sw}px wide in a ${vw}px viewport`);
			const wide = [...document.body.querySelectorAll('*')].filter((e) => {
				const r = e.getBoundingClientRect();
				return r.width > 0 && r.right > vw + 0.5 && getComputedStyle(e).position !== 'fixed';
			});
			// Report the outermost culprits only.
			for (const e of wide.filter((e) => !wide.includes(e.parentElement)).slice(0, 5)) {
				problems.push(`  ${desc(e)} reaches ${Math.round(e.getBoundingClientRect().right)}px`);
			}
		}
		const navs = [...document.querySelectorAll('header nav')];
		const nav = navs[0] || document.querySelector('nav');
		if (!nav) problems.push('no navigation (<nav>) on the page');
		else if (!nav.checkVisibility({ visibilityProperty: true })) problems.push(`the navigation ${desc(nav)} is not visible`);
		else {
			const links = [...nav.querySelectorAll('a[href]')];
			if (!links.length) problems.push(`the navigation ${desc(nav)} has no link`);
			for (const a of links) {
				const r = a.getBoundingClientRect();
				if (!a.checkVisibility({ visibilityProperty: true }) || r.width < 1 || r.height < 1) problems.push(`navigation link '${a.textContent.trim()}' is not visible`);
				else if (r.left < -0.5 || r.right > vw + 0.5) problems.push(`navigation link '${a.textContent.trim()}' is outside the viewport (${Math.round(r.left)}..${Math.round(r.right)}px)`);
			}
		}
		const boxes = [...document.querySelectorAll('.card, .chart')];
		for (const e of boxes) {
			const r = e.getBoundingClientRect();
			if (r.left < -0.5 || r.right > vw + 0.5) problems.push(`${desc(e)} '${e.textContent.trim().slice(0, 30)}' spans ${Math.round(r.left)}..${Math.round(r.right)}px of ${vw}px`);
		}
		return { problems, note: boxes.length ? `${boxes.length} card/chart element(s)` : '' };
	});
}

// The widths the brief's pages are swept at (issue 12): every 40 px from a
// small phone to a large laptop, plus the common 375, 390 and 1024.
const SWEEP = [...new Set([...Array.from({ length: 29 }, (_, i) => 320 + 40 * i), 375, 390, 1024, 1440])].sort((a, b) => a - b);

// In the page at its current width: no word of main's text broken across
// two lines (words split at spaces, hyphens and slashes, where a line may
// end), no card, table, chart or timeline wider than its box, and no SVG
// text sticking out of its drawing.
async function wordsCheck(page) {
	return page.evaluate(() => {
		const problems = [];
		const main = document.querySelector('main');
		if (!main) return ['no <main>'];
		const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const el = n.parentElement;
			if (!el || !el.checkVisibility() || el.closest('svg')) continue;
			for (const m of n.data.matchAll(/[^\s\-\u2010/]+/g)) {
				range.setStart(n, m.index);
				range.setEnd(n, m.index + m[0].length);
				const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
				if (tops.size > 1) problems.push(`'${m[0]}' is broken across lines in <${el.tagName.toLowerCase()} class="${el.className}">`);
			}
		}
		for (const e of main.querySelectorAll('.card-link, .themes-table, .rate-chart, .timeline')) {
			if (e.scrollWidth > e.clientWidth + 1) problems.push(`${e.className}: its content is ${e.scrollWidth}px wide in ${e.clientWidth}px`);
		}
		for (const t of main.querySelectorAll('svg text')) {
			const svg = t.closest('svg').getBoundingClientRect();
			const r = t.getBoundingClientRect();
			if (r.right > svg.right + 0.5 || r.left < svg.left - 0.5) problems.push(`SVG text '${t.textContent}' spans ${Math.round(r.left)}..${Math.round(r.right)}px, its drawing ${Math.round(svg.left)}..${Math.round(svg.right)}px`);
		}
		return [...new Set(problems)];
	});
}

// Sweeps rel over every SWEEP width; the problems say at which widths.
async function sweepCheck(context, origin, rel) {
	const page = await context.newPage();
	page.setDefaultTimeout(TIMEOUT_MS);
	try {
		await page.goto(origin.url(rel), { waitUntil: 'load' });
		const problems = [];
		for (const width of SWEEP) {
			await page.setViewportSize({ width, height: 900 });
			for (const p of await wordsCheck(page)) problems.push(`${width}px: ${p}`);
			const sw = await page.evaluate(() => document.documentElement.scrollWidth);
			if (sw > width) problems.push(`${width}px: horizontal scrolling (${sw}px)`);
		}
		return { problems, note: `${SWEEP.length} widths, ${SWEEP[0]} to ${SWEEP[SWEEP.length - 1]} px` };
	} finally {
		await page.close();
	}
}

// With print media, every <nav> inside a <header> is not rendered.
async function printCheck(page) {
	await page.emulateMedia({ media: 'print' });
	try {
		return await page.evaluate(() => {
			const navs = [...document.querySelectorAll('header nav')];
			if (!navs.length) return ['no <nav> inside a <header>'];
			return navs.filter((n) => n.checkVisibility()).map((n) => `<nav aria-label="${n.getAttribute('aria-label') || ''}"> is still shown in print (display: ${getComputedStyle(n).display})`);
		});
	} finally {
		await page.emulateMedia({ media: null });
	}
}

// What later checks need from a page: its language switcher links, the
// figures shown in .value elements, and its section headings.
async function factsOf(page) {
	return page.evaluate(() => {
		const own = (document.documentElement.lang || '').toLowerCase().split('-')[0];
		const switches = [];
		for (const l of document.querySelectorAll('link[rel~="alternate" i][hreflang]')) {
			switches.push({ kind: 'link rel=alternate', href: l.href, lang: l.getAttribute('hreflang') });
		}
		for (const a of document.querySelectorAll('a.lang-switch[href], .lang-switch a[href]')) {
			switches.push({ kind: 'a.lang-switch', href: a.href, lang: a.getAttribute('hreflang') || a.getAttribute('lang') || '', text: a.textContent.trim() });
		}
		const other = switches.filter((s) => {
			const l = s.lang.toLowerCase();
			return l !== 'x-default' && l.split('-')[0] !== own;
		});
		const text = (e) => e.textContent.replace(/\s+/g, ' ').trim();
		return {
			lang: document.documentElement.lang,
			switches: other,
			values: [...document.querySelectorAll('.value')].map(text).filter(Boolean),
			// Section headings: on screen, and not the table of contents'.
			headings: [...document.querySelectorAll('main h2')].filter((h) => h.checkVisibility() && !h.closest('nav')).map(text).filter(Boolean),
		};
	});
}

// Following each switch leads to a page in its language that links back.
async function languageCheck(context, origin, rel, facts) {
	const problems = [];
	for (const s of facts.switches) {
		const page = await context.newPage();
		page.setDefaultTimeout(TIMEOUT_MS);
		try {
			const from = origin.url(rel);
			if (s.kind === 'a.lang-switch') {
				await page.goto(from);
				const link = page.locator('a.lang-switch[href], .lang-switch a[href]').filter({ hasText: s.text }).first();
				await Promise.all([page.waitForURL((u) => u.href.split('#')[0] !== from), link.click()]);
			} else {
				await page.goto(s.href);
			}
			const got = await factsOf(page);
			const back = await page.evaluate(() => [...document.querySelectorAll('link[rel~="alternate" i][hreflang], a.lang-switch[href], .lang-switch a[href]')].map((e) => e.href.split('#')[0]));
			const want = s.lang ? primary(s.lang) : null;
			if (want ? primary(got.lang) !== want : primary(got.lang) === primary(facts.lang)) {
				problems.push(`${s.kind} '${s.text || s.lang}' -> ${page.url()}: <html lang="${got.lang}">, expected ${want || `not ${facts.lang}`}`);
			} else if (!back.includes(from)) {
				problems.push(`${s.kind} '${s.text || s.lang}' -> ${page.url()}: that page has no language link back to this one`);
			}
		} finally {
			await page.close();
		}
	}
	return { problems, note: facts.switches.map((s) => `${s.kind} ${s.lang || s.text}`).join(', ') };
}

const validator = new HtmlValidate(JSON.parse(fs.readFileSync(path.join(here, '.htmlvalidate.json'), 'utf8')));

async function htmlCheck(root, rel) {
	const report = await validator.validateString(fs.readFileSync(path.join(root, rel), 'utf8'), rel);
	const problems = [];
	let warnings = 0;
	for (const r of report.results) {
		for (const m of r.messages) {
			if (m.severity >= 2) problems.push(`${rel}:${m.line}:${m.column}: ${m.ruleId}: ${m.message}`);
			else warnings++;
		}
	}
	return { problems, note: warnings ? `${warnings} warning(s)` : '' };
}

// Prints the page to PDF and checks that its text holds every key figure
// and every section heading.
async function pdfCheck(context, origin, rel, headings, figures, tmp, maxPages) {
	const page = await context.newPage();
	page.setDefaultTimeout(TIMEOUT_MS);
	try {
		await page.goto(origin.url(rel), { waitUntil: 'load' });
		const pdf = path.join(tmp, `${rel.replace(/[^a-z0-9]+/gi, '-')}.pdf`);
		await page.pdf({ path: pdf, format: 'A4', printBackground: true });
		const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
		// Compare without whitespace: lines wrap, and figures may carry
		// (narrow) no-break spaces.
		const squash = (s) => s.normalize('NFKC').replace(/[\s\u00ad\u200b]+/g, '');
		const body = squash(text);
		const problems = [];
		for (const f of figures) if (!body.includes(squash(f))) problems.push(`key figure '${f}' is not in the PDF text`);
		for (const h of headings) if (!body.includes(squash(h))) problems.push(`section '${h}' is not in the PDF text`);
		const pages = (text.match(/\f/g) || []).length;
		if (pages > maxPages) problems.push(`${pages} A4 pages (the full briefing stays under ${maxPages + 1})`);
		return { problems, note: `${pages} PDF page(s), ${figures.length} figure(s), ${headings.length} section(s)` };
	} finally {
		await page.close();
	}
}

// ---------------------------------------------------------------- search

// The search page's results as the reader sees them once complete (data-ready),
// with the status line at the first results (the mark's detail) and the text
// files merged in by then (see searchFromBox), and how many were loaded.
async function resultsOf(page) {
	await page.waitForSelector('#search[data-ready]', { timeout: TIMEOUT_MS });
	return page.evaluate(() => ({
		status: document.getElementById('search-status').textContent,
		first: (performance.getEntriesByName('brief-search-results')[0] || {}).detail,
		textsAtFirst: window.briefTextsAtFirst,
		texts: [...document.scripts].filter((s) => /\/search\/text-\d+\.js$/.test(s.src)).length,
		nojs: document.getElementById('search-nojs') ? document.getElementById('search-nojs').checkVisibility() : false,
		items: [...document.querySelectorAll('#search-results li')].map((li) => ({
			href: li.querySelector('a').getAttribute('href'),
			marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
		})),
	}));
}

// Searches q from the header box of page rel: types it, presses Enter and
// waits for the search page. Returns { page, log, res }; close the page.
async function searchFromBox(context, origin, rel, q) {
	const { page, log } = await open(context, origin, origin.url(rel));
	// On the search page: how many text files were in at the first results.
	await page.addInitScript(() => {
		const mark = performance.mark.bind(performance);
		performance.mark = (name, o) => {
			if (name === 'brief-search-results') window.briefTextsAtFirst = window.briefSearch.x.filter(Boolean).length;
			return mark(name, o);
		};
	});
	await page.fill('form[role="search"] input[name="q"]', q);
	await Promise.all([page.waitForURL(/search\/index\.html\?q=/), page.keyboard.press('Enter')]);
	return { page, log, res: await resultsOf(page) };
}

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

// One language of a site, from one origin: the queries of a case, each a
// check. A case: { q, want: (res) => problems }.
async function searchChecks(context, origin, label, home, cases, shot) {
	for (const c of cases) {
		await check(`${label} [${origin.name}]: search '${c.q}' ${c.what}`, async () => {
			const { page, log, res } = await searchFromBox(context, origin, home, c.q);
			try {
				const problems = [...log.console, ...log.failed, ...c.want(res)];
				if (res.nojs) problems.push('the no-JavaScript message is still shown');
				if (!/\d/.test(res.status)) problems.push(`status '${res.status}' gives no count`);
				if (!res.texts) problems.push('no search/text-N.js was loaded');
				if (c.first && (res.textsAtFirst !== 0 || !/\d/.test(res.first || ''))) problems.push(`no first results from index.js alone (status '${res.first}' with ${res.textsAtFirst} text file(s) in)`);
				if (c.axe) {
					const r = await axeCheck(page, 'light', true);
					problems.push(...(Array.isArray(r) ? r : r.problems || []));
				}
				if (shot && c.shot) await page.screenshot({ path: path.join(SCREENSHOTS, `${shot}.png`), fullPage: true });
				// Last: it leaves the search page.
				if (c.keyboard) problems.push(...(await keyboardToResult(page)));
				return { problems, note: `${res.status}: ${res.items.map((i) => i.href).slice(0, 3).join(' ')}` };
			} finally {
				await page.close();
			}
		});
	}
}

// Tab from the search field reaches the first result; Enter follows it.
async function keyboardToResult(page) {
	await page.focus('#search-q');
	const want = await page.evaluate(() => document.querySelector('#search-results a').href);
	for (let i = 0; i < 4; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((w) => document.activeElement.href === w, want)) {
			await Promise.all([page.waitForURL((u) => u.href === want), page.keyboard.press('Enter')]);
			const there = await page.evaluate(() => location.hash && !!document.getElementById(decodeURIComponent(location.hash.slice(1))));
			return there || !want.includes('#') ? [] : [`Enter on the first result led to ${page.url()}, whose id is missing`];
		}
	}
	return ['four Tabs from the search field never reached the first result'];
}

// Problems unless every result's marks fold to words starting with a term,
// and at least one mark is exactly `mark` when given.
function marked(terms, mark) {
	return (res) => {
		const problems = [];
		if (!res.items.length) return [`no result (${res.status})`];
		const all = res.items.flatMap((i) => i.marks);
		for (const m of all) if (!terms.some((t) => fold(m).startsWith(t))) problems.push(`<mark>${m}</mark> does not start with ${terms.join(' or ')}`);
		if (!all.length) problems.push('no term highlighted');
		if (mark && !all.includes(mark)) problems.push(`'${mark}' is not highlighted (marks: ${all.slice(0, 5).join(', ')})`);
		return problems;
	};
}

// The first result links to id on page.
function firstIs(page, id) {
	return (res) => {
		const h = res.items.length ? res.items[0].href : '';
		return h.endsWith(`${page}#${id}`) ? [] : [`the first result links to '${h}', not to ${page}#${id}`];
	};
}

const both = (...fs) => (res) => fs.flatMap((f) => f(res));

// The briefing's search in English and French, from file:// and HTTP.
async function briefingSearch(context, origins, pages) {
	const langs = [
		{ label: 'search, English', home: 'index.html', shot: 'search-en', cases: [
			{ q: 'statuses', what: 'ranks the heading first and links to it', want: both(firstIs('sources/index.html', 'what-the-statuses-mean'), marked(['statuses'])), keyboard: true },
			{ q: 'méthod', what: 'finds "method" without its accent', want: marked(['method'], 'method') },
			{ q: 'estim', what: 'matches the start of words', want: marked(['estim'], 'estim'), axe: true, shot: true },
			{ q: 'sources', what: 'shows title matches first, from index.js alone', want: marked(['sources']), first: true },
			{ q: 'schuster', what: 'finds a word only in the text, once its file is in', want: marked(['schuster'], 'Schuster') },
		] },
		{ label: 'search, French', home: 'fr/index.html', shot: 'search-fr', cases: [
			{ q: 'statuts', what: 'ranks the heading first and links to it', want: both(firstIs('fr/sources/index.html', 'les-statuts'), marked(['statuts'])), keyboard: true },
			{ q: 'ecosysteme', what: 'finds « écosystème » without its accents', want: marked(['ecosysteme'], 'écosystème'), axe: true, shot: true },
			{ q: 'estim', what: 'matches the start of words', want: marked(['estim'], 'estim') },
			{ q: 'dirigeants', what: 'finds a word only in the text, once its file is in', want: marked(['dirigeants'], 'dirigeants') },
		] },
	];
	for (const l of langs) {
		if (!pages.includes(l.home) || !pages.includes(l.home.replace('index.html', 'search/index.html'))) {
			skip(l.label, `no ${l.home} with a search page beside it`);
			continue;
		}
		for (const o of origins) await searchChecks(context, o, l.label, l.home, l.cases, o.name === 'http' ? l.shot : null);
	}
}

// Without JavaScript the search page says so and links to the home page.
async function noScriptCheck(browser, origin, rel) {
	const context = await browser.newContext({ javaScriptEnabled: false });
	try {
		const page = await context.newPage();
		await page.goto(`${origin.url(rel)}?q=statuses`);
		return await page.evaluate(() => {
			const p = document.getElementById('search-nojs');
			if (!p || !p.checkVisibility()) return ['no visible #search-nojs message'];
			const a = p.querySelector('a[href]');
			return a && /index\.html$/.test(a.href) ? [] : ['the message does not link to a page'];
		});
	} finally {
		await context.close();
	}
}

// ---------------------------------------------------------------- the starter

// Runs a command; throws with its output when it fails.
function run(cmd, args, cwd) {
	const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
}

// brief init's starter site in tmp/name, made bilingual as
// tests/starter-french.sh does when french is set, built with --strict;
// returns its output folder.
function buildStarter(tmp, name, french) {
	const brief = path.join(repo, 'generator', 'brief');
	const dir = path.join(tmp, name);
	run(brief, ['init', dir], repo);
	if (french) run('bash', [path.join(repo, 'tests', 'starter-french.sh'), dir], repo);
	run(brief, ['build', '-q', '--strict'], dir);
	return fs.realpathSync(path.join(dir, 'output'));
}

// Every page of the starter, plain and bilingual: valid HTML, no axe
// violation at all in light and dark, the skip link.
async function starterChecks(tmp, light, dark) {
	for (const [name, french] of [['starter', false], ['bilingual starter', true]]) {
		let root;
		try {
			root = buildStarter(tmp, name.replace(' ', '-'), french);
		} catch (e) {
			fail(`${name}: builds with --strict`, String(e.message).split('\n').slice(0, 6));
			continue;
		}
		const origin = fileOrigin(root);
		for (const rel of listPages(root)) {
			const label = `${name} ${rel}`;
			await check(`${label}: html-validate`, () => htmlCheck(root, rel));
			await withPage(light, origin, rel, `${label}: loads`, async (page) => {
				await check(`${label}: axe, light scheme, no violation`, () => axeCheck(page, 'light', true));
				await check(`${label}: keyboard, skip link`, () => keyboardCheck(page));
			});
			await withPage(dark, origin, rel, `${label}: loads`, (page) => check(`${label}: axe, dark scheme, no violation`, () => axeCheck(page, 'dark', true)));
		}
		await searchChecks(light, origin, `${name} search`, 'index.html', [
			{ q: 'FOOT', what: 'finds "Footnotes" in a section and links to it', want: both(firstIs('notes/second/index.html', 'details'), marked(['foot'], 'Foot')), keyboard: true, axe: true, shot: !french },
		], 'search-starter');
	}
}

// ---------------------------------------------------------------- the run

// The pages worth a screenshot, per language: the home page (the brief),
// the evidence page and the full briefing (whichever exist).
function screenshotPlan(pages, langs) {
	const plan = new Map();
	const byLang = new Map();
	for (const rel of pages) {
		const l = primary(langs.get(rel)) || 'xx';
		if (!byLang.has(l)) byLang.set(l, []);
		byLang.get(l).push(rel);
	}
	const shortest = (list) => list.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))[0];
	for (const [l, list] of byLang) {
		const pick = {
			home: list.find((r) => r === 'index.html' || r === `${l}/index.html`),
			evidence: shortest(list.filter((r) => r.includes('evidence'))),
			full: shortest(list.filter((r) => r.includes('full'))) || shortest(list.filter((r) => r.includes('briefing'))),
		};
		for (const [kind, rel] of Object.entries(pick)) if (rel) plan.set(rel, `${kind}-${l}`);
	}
	return plan;
}

async function shoot(page, label, vp) {
	const file = path.join(SCREENSHOTS, `${label}-${vp.width}x${vp.height}.png`);
	await page.screenshot({ path: file, fullPage: true });
	return { note: path.relative(repo, file) };
}

async function main() {
	const started = Date.now();
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 19)) throw new Error(`node ${process.versions.node}: the suite needs node 20.19 or later`);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-browser-'));
	let browser;
	let server;
	try {
		const root = fs.realpathSync(process.argv[2] ? path.resolve(process.argv[2]) : buildSite(tmp));
		const pages = listPages(root);
		if (!pages.length) throw new Error(`${root}: no HTML page`);
		const langs = new Map(pages.map((rel) => [rel, htmlLang(fs.readFileSync(path.join(root, rel), 'utf8'))]));
		const siteLangs = [...new Set([...langs.values()].map(primary))].sort();
		console.log(`# ${pages.length} page(s) in ${root}, language(s): ${siteLangs.join(', ') || 'none'}`);

		fs.mkdirSync(SCREENSHOTS, { recursive: true });
		for (const f of fs.readdirSync(SCREENSHOTS)) if (f.endsWith('.png')) fs.rmSync(path.join(SCREENSHOTS, f));
		const shots = screenshotPlan(pages, langs);

		server = await serve(root);
		const files = fileOrigin(root);
		const web = httpOrigin(server.address().port);
		if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (make test-deps does)`);
		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60000 });
		const ctx = async (viewport, colorScheme) => browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
		const fileCtx = await ctx(VIEWPORTS.laptop, 'light');
		const laptop = await ctx(VIEWPORTS.laptop, 'light');
		const dark = await ctx(VIEWPORTS.laptop, 'dark');
		const phone = await ctx(VIEWPORTS.phone, 'light');
		const anchors = { file: new Map(), http: new Map() };
		const facts = new Map();

		for (const rel of pages) {
			console.log(`# ${rel}`);
			await check(`${rel}: html-validate`, () => htmlCheck(root, rel));
			await loadChecks(fileCtx, files, rel, anchors.file);
			await loadChecks(laptop, web, rel, anchors.http, async (page) => {
				facts.set(rel, await factsOf(page));
				await check(`${rel} [1280x800]: layout`, () => layoutCheck(page));
				if (shots.has(rel)) await check(`${rel} [1280x800]: screenshot`, () => shoot(page, shots.get(rel), VIEWPORTS.laptop));
				await check(`${rel}: axe, light scheme`, () => axeCheck(page, 'light'));
				await check(`${rel}: keyboard, skip link`, () => keyboardCheck(page));
				await check(`${rel}: print hides the header navigation`, () => printCheck(page));
			});
			await withPage(dark, web, rel, `${rel}: axe, dark scheme`, (page) => check(`${rel}: axe, dark scheme`, () => axeCheck(page, 'dark')));
			await withPage(phone, web, rel, `${rel} [375x812]: layout`, async (page) => {
				await check(`${rel} [375x812]: layout`, () => layoutCheck(page));
				if (shots.has(rel)) await check(`${rel} [375x812]: screenshot`, () => shoot(page, shots.get(rel), VIEWPORTS.phone));
			});
			if (siteLangs.length > 1) {
				const f = facts.get(rel);
				if (!f) fail(`${rel}: language switcher`, 'the page did not load');
				else if (!f.switches.length) skip(`${rel}: language switcher`, 'none on this page');
				else await check(`${rel}: language switcher`, () => languageCheck(laptop, web, rel, f));
			}
		}
		if (siteLangs.length <= 1) skip('language switcher', `the site has one language (${siteLangs[0] || 'none'})`);

		// Every width from a phone to a laptop on the brief and the evidence
		// page: no word broken inside, nothing wider than its box.
		const swept = pages.filter((r) => /^([a-z]{2}\/)?(index\.html|evidence\/index\.html)$/.test(r));
		if (!swept.length) skip('width sweep', 'no home or evidence page');
		for (const rel of swept) await check(`${rel}: no word broken, nothing overflowing, at every width`, () => sweepCheck(laptop, web, rel));

		// The full briefing in print: every key figure of its language's
		// home page (the cards) and every section heading in the PDF's text,
		// on at most three A4 pages.
		const fulls = pages.filter((r) => r.includes('full'));
		const shallowest = (list) => list.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))[0];
		if (!fulls.length) skip('full briefing to PDF', "a page whose path contains 'full' was not found; the PDF check is skipped until the full briefing exists");
		for (const rel of fulls) {
			const lang = primary(langs.get(rel));
			// The home page of the language, where the key-figure cards are.
			const kf = shallowest(pages.filter((r) => /^([a-z]{2}\/)?index\.html$/.test(r) && primary(langs.get(r)) === lang && facts.get(r) && facts.get(r).values.length));
			const figures = kf ? facts.get(kf).values : [];
			await check(`${rel}: prints to PDF with every key figure${kf ? ` of ${kf}` : ''} and section`, async () => {
				if (!kf) return { skip: `no home page with .value elements in '${lang}'` };
				return pdfCheck(laptop, web, rel, (facts.get(rel) || { headings: [] }).headings, figures, tmp, 3);
			});
		}
		console.log('# search');
		await briefingSearch(laptop, [files, web], pages);
		if (pages.includes('search/index.html')) await check('search page without JavaScript: says so, links to the home page', () => noScriptCheck(browser, files, 'search/index.html'));
		console.log('# the starter site of brief init');
		await starterChecks(tmp, laptop, dark);
		console.log(`# ${pages.length} page(s) checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	} catch (e) {
		fail('browser suite', String(e && e.stack ? e.stack : e).split('\n').slice(0, 6));
	} finally {
		if (browser) await browser.close().catch(() => {});
		if (server) server.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	const { passed, failed, skipped } = counts;
	console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
	process.exitCode = failed ? 1 : 0;
}

await main();
