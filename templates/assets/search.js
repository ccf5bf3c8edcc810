/*
 * brief's search: the search page's results, from the index that
 * LANG/search/index.js defines (window.briefSearch, written by brief build).
 * No library, no network: both files load with <script src>, so search
 * works from file:// and from any sub-folder of a web server.
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
	// the folded text are offsets in the original.
	var accents = {};
	function foldChar(c) {
		if (!(c in accents)) {
			var d = c.normalize('NFD').charAt(0);
			accents[c] = d.length === 1 ? d : c;
		}
		return accents[c];
	}
	function fold(s) {
		var low = s.toLowerCase();
		if (low.length !== s.length) {
			low = '';
			for (var i = 0; i < s.length; i++) {
				var l = s[i].toLowerCase();
				low += l.length === 1 ? l : s[i];
			}
		}
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

	// The index as sections: { page, id, heading, text } with folded copies,
	// made once, on the first query.
	var pages = null;
	function prepare(index) {
		pages = index.p.map(function (p) {
			var secs = [{ id: '', heading: '', text: p.x || '' }];
			(p.h || []).forEach(function (h) {
				secs.push({ id: h[0], heading: h[1], text: h[2] });
			});
			secs.forEach(function (s) {
				s.fheading = fold(s.heading);
				s.ftext = fold(s.text);
			});
			return { url: p.u, title: p.t, summary: p.s || '', ftitle: fold(p.t), fsummary: fold(p.s || ''), secs: secs };
		});
	}

	// Scores page p for every term, or null when a term is missing: a title
	// match weighs most, then a heading, then the summary, then the text.
	function score(p, ts) {
		var total = 0, best = null, bestScore = 0;
		for (var k = 0; k < ts.length; k++) {
			var t = ts[k], w = 0;
			if (find(p.ftitle, t) >= 0) w = 1000;
			for (var j = 0; j < p.secs.length && w < 100; j++) if (find(p.secs[j].fheading, t) >= 0) w = 100;
			if (w < 10 && find(p.fsummary, t) >= 0) w = 10;
			for (j = 0; j < p.secs.length && w < 1; j++) if (find(p.secs[j].ftext, t) >= 0) w = 1;
			if (!w) return null;
			total += w;
		}
		// The section holding most of the terms, headings first.
		for (var i = 0; i < p.secs.length; i++) {
			var s = p.secs[i], v = 0;
			for (k = 0; k < ts.length; k++) v += (find(s.fheading, ts[k]) >= 0 ? 10 : 0) + (find(s.ftext, ts[k]) >= 0 ? 1 : 0);
			if (v > bestScore) {
				bestScore = v;
				best = s;
			}
		}
		return { page: p, score: total + bestScore, sec: best };
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

	function render(q) {
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
		if (!pages) prepare(window.briefSearch);
		var found = [];
		for (var i = 0; i < pages.length; i++) {
			var r = score(pages[i], ts);
			if (r) found.push(r);
		}
		found.sort(function (a, b) { return b.score - a.score; });
		found.slice(0, MAX_RESULTS).forEach(function (r) {
			var li = document.createElement('li');
			var a = document.createElement('a');
			a.href = root + r.page.url + (r.sec && r.sec.id ? '#' + r.sec.id : '');
			var title = document.createElement('span');
			title.className = 'search-title';
			highlight(title, r.page.title, ts);
			a.appendChild(title);
			if (r.sec && r.sec.heading) {
				var sec = document.createElement('span');
				sec.className = 'search-section';
				highlight(sec, r.sec.heading, ts);
				a.appendChild(sec);
			}
			li.appendChild(a);
			var text = (r.sec && r.sec.text) || r.page.summary || r.page.secs[0].text;
			if (text) {
				var p = document.createElement('p');
				p.className = 'search-snippet';
				highlight(p, snippet(text, ts), ts);
				li.appendChild(p);
			}
			list.appendChild(li);
		});
		say(found.length);
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
	box.setAttribute('data-ready', '');
	// For make bench: when the first results were on the page.
	if (window.performance && performance.mark) performance.mark('brief-search-results');
})();
