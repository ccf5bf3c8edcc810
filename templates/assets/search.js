/*
 * brief's search: the search page's results, from the index that
 * LANG/search/index.js defines (window.briefSearch, written by brief build:
 * generator/output/searchindex.h describes it). No library, no network:
 * every file loads with <script src>, so search works from file:// and
 * from any sub-folder of a web server. The first results come from the
 * titles and headings of index.js; the summaries and text, in
 * search/text-N.js, are merged in as they arrive.
 *
 * The page holds <div id="search" data-root data-one data-many data-none
 * data-missing> with the form (input #search-q), #search-status and
 * #search-results inside; the words come from the i18n files. Without
 * JavaScript, #search-nojs says so and this script hides it.
 *
 * Matching folds case and accents ("ecosysteme" finds "écosystème") and
 * takes each term as the start of a word; a page matches when it has every
 * term. Title matches rank first, then heading matches; a result links to
 * the section where its terms are, with a snippet around them.
 */
(function () {
	'use strict';
	var box = document.getElementById('search');
	if (!box) return;
	var input = document.getElementById('search-q');
	var status = document.getElementById('search-status');
	var list = document.getElementById('search-results');
	var nojs = document.getElementById('search-nojs');
	if (nojs) nojs.hidden = true;
	var root = box.getAttribute('data-root') || '';
	var SNIPPET = 180;
	var MAX_RESULTS = 50;

	// Case and accents folded, one UTF-16 unit for one, so that offsets in
	// the folded text are offsets in the original (İ alone would lower
	// to two units: it is i). A whole field folds in one call: native
	// toLowerCase, and a replace only where there are accented letters.
	var accents = {};
	function foldChar(c) {
		if (!(c in accents)) {
			var d = c.normalize('NFD').charAt(0);
			accents[c] = d.length === 1 ? d : c;
		}
		return accents[c];
	}
	function fold(s) {
		var low = s.replace(/\u0130/g, 'i').toLowerCase();
		return /[^\x00-\x7f]/.test(low) ? low.replace(/[\u00c0-\u024f\u1e00-\u1eff]/g, foldChar) : low;
	}

	var wordChar = /[\p{L}\p{N}]/u;
	// Where term starts a word in hay (folded), from index from; -1 if nowhere.
	function find(hay, term, from) {
		for (var i = hay.indexOf(term, from || 0); i >= 0; i = hay.indexOf(term, i + 1)) {
			if (i === 0 || !wordChar.test(hay.charAt(i - 1))) return i;
		}
		return -1;
	}

	function terms(q) {
		var seen = {};
		return fold(q).split(/[^\p{L}\p{N}]+/u).filter(function (t) {
			if (!t || seen[t]) return false;
			return (seen[t] = true);
		});
	}

	// A field of the index: every page's value in one string, '\n' between
	// pages; folded once for the whole string when it is searched.
	function field(s, folded) {
		var starts = [0];
		for (var i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) starts.push(i + 1);
		return { text: s, folded: folded ? fold(s) : '', starts: starts };
	}
	// Page k's value in f (folded or as written), '' past its end.
	function line(f, k, folded) {
		var s = folded ? f.folded : f.text, st = f.starts;
		return k < st.length ? s.slice(st[k], k + 1 < st.length ? st[k + 1] - 1 : s.length) : '';
	}

	// The first file's fields, then each text file's as it arrives: the
	// first results come from the titles, the rest as the text comes in.
	var index = null, texts = [];
	function prepare(b) {
		index = { n: b.n, p: b.p, u: field(b.u), t: field(b.t, true) };
	}
	function merge() {
		for (var k = 0; k < window.briefSearch.x.length; k++) {
			var x = window.briefSearch.x[k];
			if (x && !texts[k]) texts[k] = { first: k * index.p, h: field(x.h, true), i: field(x.i), s: field(x.s, true), x: field(x.x, true) };
		}
	}
	// Page k's text file fields, or null while that file is not in.
	function textOf(k) {
		return texts[Math.floor(k / index.p)] || null;
	}

	// Raises weights[page] to w for every page whose value in f (the
	// field of pages from first on) has term t at the start of a word.
	function weigh(f, first, t, w, weights) {
		var st = f.starts, k = 0;
		for (var i = find(f.folded, t); i >= 0; i = find(f.folded, t, i + 1)) {
			while (k + 1 < st.length && st[k + 1] <= i) k++;
			if (weights[first + k] < w) weights[first + k] = w;
		}
	}

	// The section of result r (0 before the first heading, j after the
	// j-th) holding most of the terms, headings first: r.sec, and r.score
	// raised by its weight, once the page's text file is in.
	function bestSection(r, ts) {
		var tx = textOf(r.k), best = 0;
		if (!tx) return;
		var fheads = line(tx.h, r.k - tx.first, true).split('\t'), fbody = line(tx.x, r.k - tx.first, true).split('\t');
		for (var j = 0; j <= Math.max(fheads.length, fbody.length - 1); j++) {
			var fh = j ? fheads[j - 1] || '' : '', ft = fbody[j] || '', v = 0;
			for (var m = 0; m < ts.length; m++) v += (fh && find(fh, ts[m]) >= 0 ? 10 : 0) + (ft && find(ft, ts[m]) >= 0 ? 1 : 0);
			if (v > best) {
				best = v;
				r.sec = j;
			}
		}
		r.score += best;
	}

	// Every page with all the terms, best first: per term, a title match
	// weighs most, then a heading, then the summary, then the text; then
	// the best section's weight.
	function search(ts) {
		var per = ts.map(function (t) {
			var w = new Uint16Array(index.n);
			weigh(index.t, 0, t, 1000, w);
			texts.forEach(function (x) {
				weigh(x.h, x.first, t, 100, w);
				weigh(x.s, x.first, t, 10, w);
				weigh(x.x, x.first, t, 1, w);
			});
			return w;
		});
		var found = [];
		for (var k = 0; k < index.n; k++) {
			var total = 0;
			for (var j = 0; j < per.length && total >= 0; j++) total = per[j][k] ? total + per[j][k] : -1;
			if (total > 0) found.push({ k: k, score: total, sec: -1 });
		}
		found.forEach(function (r) { bestSection(r, ts); });
		return found.sort(function (a, b) { return b.score - a.score; });
	}

	// Appends text to el with every word starting with a term in <mark>.
	function highlight(el, text, ts) {
		var f = fold(text), at = 0, marks = [];
		ts.forEach(function (t) {
			for (var i = find(f, t); i >= 0; i = find(f, t, i + t.length)) marks.push([i, i + t.length]);
		});
		marks.sort(function (a, b) { return a[0] - b[0]; });
		marks.forEach(function (m) {
			if (m[0] < at) return;
			el.appendChild(document.createTextNode(text.slice(at, m[0])));
			var mark = document.createElement('mark');
			mark.textContent = text.slice(m[0], m[1]);
			el.appendChild(mark);
			at = m[1];
		});
		el.appendChild(document.createTextNode(text.slice(at)));
	}

	// About SNIPPET characters of text around its first match, cut at words.
	function snippet(text, ts) {
		var f = fold(text), first = -1;
		ts.forEach(function (t) {
			var i = find(f, t);
			if (i >= 0 && (first < 0 || i < first)) first = i;
		});
		if (text.length <= SNIPPET) return text;
		var start = Math.max(0, first - SNIPPET / 3);
		if (start > 0) start = text.indexOf(' ', start) + 1 || start;
		var end = Math.min(text.length, start + SNIPPET);
		if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
		return (start > 0 ? '… ' : '') + text.slice(start, end) + (end < text.length ? ' …' : '');
	}

	function say(n) {
		var word = n === 0 ? 'data-none' : n === 1 ? 'data-one' : 'data-many';
		status.textContent = (box.getAttribute(word) || '').replace('{n}', String(n));
	}

	// One result: title, section and snippet, terms highlighted.
	function item(r, ts) {
		var li = document.createElement('li');
		var a = document.createElement('a');
		var url = line(index.u, r.k), tx = textOf(r.k), j = r.sec;
		var body = tx ? line(tx.x, r.k - tx.first).split('\t') : [];
		var heading = j > 0 ? line(tx.h, r.k - tx.first).split('\t')[j - 1] || '' : '';
		var id = j > 0 ? line(tx.i, r.k - tx.first).split('\t')[j - 1] || heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') : '';
		a.href = root + url + (url === '' || url.slice(-1) === '/' ? 'index.html' : '') + (id ? '#' + id : '');
		var title = document.createElement('span');
		title.className = 'search-title';
		highlight(title, line(index.t, r.k), ts);
		a.appendChild(title);
		if (heading) {
			var sec = document.createElement('span');
			sec.className = 'search-section';
			highlight(sec, heading, ts);
			a.appendChild(sec);
		}
		li.appendChild(a);
		var text = (j >= 0 && body[j]) || (tx && line(tx.s, r.k - tx.first)) || body[0];
		if (text) {
			var p = document.createElement('p');
			p.className = 'search-snippet';
			highlight(p, snippet(text, ts), ts);
			li.appendChild(p);
		}
		return li;
	}

	// For make bench: when the first results were on the page, and when
	// all of them were (data-ready, for tests too), with the status then.
	var shown = false, complete = false;
	function mark(name) {
		if (window.performance && performance.mark) performance.mark(name, { detail: status.textContent });
	}

	function render(q) {
		var focused = list.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
		list.textContent = '';
		var ts = terms(q);
		if (!ts.length) {
			status.textContent = '';
			return;
		}
		if (!window.briefSearch) {
			status.textContent = box.getAttribute('data-missing') || '';
			return;
		}
		if (!index) prepare(window.briefSearch);
		var found = search(ts);
		if (!found.length && !complete) {
			status.textContent = ''; // not "no results" before the text is in
			return;
		}
		found.slice(0, MAX_RESULTS).forEach(function (r) {
			list.appendChild(item(r, ts));
		});
		say(found.length);
		if (!shown) mark('brief-search-results');
		shown = true;
		// Text arriving re-renders the list: keep the reader's place in it.
		var again = focused && list.querySelector('a[href="' + focused.replace(/["\\]/g, '\\$&') + '"]');
		if (again) again.focus();
	}

	// The text files, with plain <script src> beside the index's, once the
	// first results are on the page; each merges its pages in as it comes.
	function loadTexts(done) {
		var b = window.briefSearch, left = b ? b.k : 0, soon = 0;
		var base = '';
		for (var i = 0; i < document.scripts.length; i++) {
			var src = document.scripts[i].src;
			if (/\/search\/index\.js$/.test(src)) base = src.replace(/index\.js$/, '');
		}
		function arrived() {
			left--;
			if (!soon) soon = setTimeout(function () {
				soon = 0;
				if (!index) prepare(b);
				merge();
				if (!left) done();
				else render(input.value);
			}, 0);
		}
		if (!left) {
			done();
			return;
		}
		for (var k = 1; k <= b.k; k++) {
			var s = document.createElement('script');
			s.src = base + 'text-' + k + '.js';
			s.onload = s.onerror = arrived;
			document.body.appendChild(s);
		}
	}

	var q = new URLSearchParams(location.search).get('q') || '';
	document.querySelectorAll('input[name="q"]').forEach(function (i) { i.value = q; });
	render(q);
	var timer = 0;
	input.addEventListener('input', function () {
		clearTimeout(timer);
		timer = setTimeout(function () {
			render(input.value);
			var url = new URL(location.href);
			url.searchParams.set('q', input.value);
			try {
				history.replaceState(null, '', url.href);
			} catch (e) {
				// file:// may refuse: the results are there all the same.
			}
		}, 120);
	});
	loadTexts(function () {
		complete = true;
		render(input.value);
		box.setAttribute('data-ready', '');
		mark('brief-search-complete');
	});
})();
