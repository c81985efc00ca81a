// dom.js: building the page's elements from data (text only, never HTML), and formatting times, durations and states.

// Creates a TAG element. PROPS: attributes by name (false/null/undefined skipped, true as ""),
// "on<event>" handlers; CHILDREN: nodes, strings (as text), arrays, and null (skipped).
export function h(tag, props, ...children) {
	const el = document.createElement(tag);
	for (const [name, value] of Object.entries(props || {})) {
		if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
		else if (value === true) el.setAttribute(name, '');
		else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
	}
	append(el, children);
	return el;
}

// Replaces the children of EL by CHILDREN, taken as h() takes them.
export function fill(el, ...children) {
	el.replaceChildren();
	append(el, children);
}

function append(el, children) {
	for (const child of children) {
		if (child === null || child === undefined || child === false) continue;
		if (Array.isArray(child)) append(el, child);
		else el.append(child instanceof Node ? child : String(child));
	}
}

// A state or status as a coloured badge whose text says it (colour is never the only cue).
export function badge(state) {
	return h('span', { class: `badge badge-${state || 'unknown'}` }, state || 'unknown');
}

// A table with a caption and a header row; ROWS are arrays of cells (nodes or text).
export function table(caption, head, rows) {
	return h('div', { class: 'scroll' },
		h('table', null,
			h('caption', null, caption),
			h('thead', null, h('tr', null, head.map((t) => h('th', { scope: 'col' }, t)))),
			h('tbody', null, rows.map((cells) => h('tr', null, cells.map((c) => h('td', null, c)))))));
}

export function fmtTime(iso) {
	if (!iso) return '—';
	const d = new Date(iso);
	return isNaN(d) ? iso : d.toLocaleString();
}

export function fmtDuration(ms) {
	if (ms === null || ms === undefined) return '—';
	const s = Math.round(ms / 1000);
	if (s < 60) return ms < 10000 ? `${(ms / 1000).toFixed(1)} s` : `${s} s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m} min ${s % 60} s`;
	return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function shortCommit(commit) {
	return commit ? commit.slice(0, 10) : '—';
}

export function fmtSize(n) {
	if (n < 1024) return `${n} B`;
	if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
	return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
