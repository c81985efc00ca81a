// pager.js: a paginated list from the API ({"items", "next"}) as a table with "Newer" and "Older" buttons.
import { api, itemsOf } from './api.js';
import { h, table } from './dom.js';

// The API path of the page after the one at PATH, from the reply's "next" (a query, or a path).
function nextPath(path, next) {
	if (next.startsWith('/api/v1')) return next.slice('/api/v1'.length);
	if (next.startsWith('?')) return path.split('?')[0] + next;
	return next.startsWith('/') ? next : path.split('?')[0] + '?' + next;
}

// A table of the items at PATH: CAPTION, HEAD (column titles), ROW(item) → cells, EMPTY (text when
// there are none). Resolves to the element once the first page is shown; rejects with the API's error.
export async function pagedTable(ctx, { caption, head, path, row, empty }) {
	const el = h('div', { class: 'pager' });
	const pages = [path];
	const show = async () => {
		const at = pages[pages.length - 1];
		const reply = await api('GET', at);
		const items = itemsOf(reply);
		const newer = h('button', { type: 'button', disabled: pages.length === 1 }, '← Newer');
		const older = h('button', { type: 'button', disabled: !reply.next }, 'Older →');
		newer.addEventListener('click', () => { pages.pop(); show().catch((e) => ctx.fail('Loading the list', e)); });
		older.addEventListener('click', () => {
			pages.push(nextPath(at, reply.next));
			show().catch((e) => ctx.fail('Loading the list', e));
		});
		const body = items.length ? table(caption, head, items.map(row)) : h('p', { class: 'empty' }, empty);
		const nav = reply.next || pages.length > 1 ? h('nav', { class: 'pages', 'aria-label': `${caption}: pages` }, newer, older) : null;
		el.replaceChildren(...[body, nav].filter(Boolean));
	};
	await show();
	return el;
}
