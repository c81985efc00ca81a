// page_apps.js: the apps: their list, the form that creates or edits one, and an app's page
// (builds, "Build now", keys from kiln.json, deployments).
import { api, itemsOf, kilnJson } from './api.js';
import { badge, fmtDuration, fmtTime, h, shortCommit, table } from './dom.js';
import { pagedTable } from './pager.js';

const enc = encodeURIComponent;

// The newest build of APP, or null when it has none; an error when the builds API fails.
async function lastBuild(app) {
	return itemsOf(await api('GET', `/apps/${enc(app)}/builds?limit=1`))[0] || null;
}

function buildLink(b) {
	return h('a', { href: `#/builds/${b.id}` }, `#${b.id}`);
}

export async function appsPage(main, args, ctx) {
	main.append(h('div', { class: 'title' }, h('h1', null, 'Apps'),
		ctx.can('admin') ? h('a', { class: 'button primary', href: '#/apps/new' }, 'New app') : null));
	const status = new Map();
	const list = await pagedTable(ctx, {
		caption: 'Apps, their target, repository and last build',
		head: ['Name', 'Target', 'Repository', 'Branch', 'Last build'],
		path: '/apps?limit=50',
		empty: 'No apps yet: create one with "New app".',
		row: (a) => {
			const cell = h('span', null, '…');
			status.set(a.name, cell);
			return [h('a', { href: `#/apps/${enc(a.name)}` }, a.name), a.target, h('code', null, a.repo), a.branch, cell];
		},
	});
	main.append(list);
	for (const [name, cell] of status) {
		lastBuild(name).then(
			(b) => cell.replaceChildren(b ? h('a', { href: `#/builds/${b.id}` }, badge(b.status)) : 'never built'),
			(err) => cell.replaceChildren(h('span', { class: 'muted' }, `unknown (${err.message})`)));
	}
}

// Keys as "name=value" lines, and back; a line without "=" is an error in words.
function keysText(keys) {
	return Object.entries(keys || {}).map(([k, v]) => `${k}=${v}`).join('\n');
}

function parseKeys(text) {
	const keys = {};
	for (const [i, line] of text.split('\n').entries()) {
		if (!line.trim()) continue;
		const eq = line.indexOf('=');
		if (eq < 1) throw new Error(`keys, line ${i + 1}: "${line}" is not name=value`);
		keys[line.slice(0, eq).trim()] = line.slice(eq + 1);
	}
	return keys;
}

function field(id, label, input, help) {
	input.id = id;
	input.name = id;
	if (help) input.setAttribute('aria-describedby', `${id}-help`);
	return h('div', { class: 'field' }, h('label', { for: id }, label), input,
		help ? h('p', { id: `${id}-help`, class: 'help' }, help) : null);
}

// New app (no argument) or edit app ARGS[0].
export async function appFormPage(main, args, ctx) {
	const name = args[0];
	const app = name ? await api('GET', `/apps/${enc(name)}`) : { branch: 'main', path: '.', target: 'unix', keys: {} };
	const inputs = {
		name: h('input', { required: true, pattern: '[a-z][a-z0-9\\-]{0,62}', value: name || '', disabled: !!name }),
		repo: h('input', { required: true, value: app.repo || '' }),
		branch: h('input', { required: true, value: app.branch }),
		path: h('input', { required: true, value: app.path }),
		target: h('select', null, ['unix', 'xen'].map((t) => h('option', { value: t, selected: t === app.target }, t))),
		keys: h('textarea', { rows: 4, spellcheck: 'false' }),
	};
	inputs.keys.value = keysText(app.keys);
	const form = h('form', { class: 'card' },
		h('h1', null, name ? `Edit ${name}` : 'New app'),
		field('name', 'Name', inputs.name, 'Lower case letters, digits and dashes; it cannot change later.'),
		field('repo', 'Repository', inputs.repo, 'An https://, ssh:// or file:// URL, or an absolute path on the server.'),
		field('branch', 'Branch', inputs.branch),
		field('path', 'Folder in the repository', inputs.path, 'Where config.c is, relative to the repository.'),
		field('target', 'Target', inputs.target),
		field('keys', 'Keys', inputs.keys, 'One name=value per line; the app page lists the keys its builds have.'),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, name ? 'Save' : 'Create app'),
			h('a', { class: 'button', href: name ? `#/apps/${enc(name)}` : '#/apps' }, 'Cancel')));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		try {
			const body = { repo: inputs.repo.value, branch: inputs.branch.value, path: inputs.path.value,
				target: inputs.target.value, keys: parseKeys(inputs.keys.value) };
			if (!name) body.name = inputs.name.value;
			const saved = await api(name ? 'PATCH' : 'POST', name ? `/apps/${enc(name)}` : '/apps', body);
			ctx.go(`/apps/${enc(saved.name)}`);
		} catch (err) {
			ctx.fail(name ? 'Saving the app' : 'Creating the app', err);
		}
	});
	main.append(form);
}

// The keys of the newest succeeded build's kiln.json, with the app's own values.
async function keysSection(app, builds) {
	const ok = builds.find((b) => b.status === 'succeeded');
	const section = h('section', { 'aria-labelledby': 'keys-title' }, h('h2', { id: 'keys-title' }, 'Keys'));
	if (!ok) {
		section.append(h('p', { class: 'empty' }, 'The keys and their documentation appear after a build succeeds.'),
			Object.keys(app.keys).length ? h('p', null, 'Set here: ', h('code', null, keysText(app.keys))) : null);
		return section;
	}
	let described;
	try {
		described = await kilnJson(ok.id);
	} catch (err) {
		section.append(h('p', { class: 'muted' }, `kiln.json of build #${ok.id} could not be read: ${err.message}`));
		return section;
	}
	const keys = described.keys || [];
	section.append(table(`Keys of ${app.name} (from build #${ok.id})`, ['Key', 'Type', 'Default', 'This app', 'Stage', 'What it does'],
		keys.map((k) => [h('code', null, k.name), k.type, h('code', null, String(k.default ?? '')),
			k.name in app.keys ? h('code', null, app.keys[k.name]) : h('span', { class: 'muted' }, 'default'),
			k.stage || '', k.doc || ''])));
	return section;
}

// The app's push webhook: a button that makes a new secret and shows it, with the URL, once.
function webhookSection(name, ctx) {
	const out = h('div', { class: 'webhook', 'aria-live': 'polite' });
	const make = h('button', { type: 'button' }, 'Make a webhook secret');
	make.addEventListener('click', async () => {
		try {
			const w = await api('POST', `/apps/${enc(name)}/webhook`, {});
			out.replaceChildren(h('dl', { class: 'facts' },
				h('dt', null, 'Payload URL'), h('dd', null, h('code', null, location.origin + w.url)),
				h('dt', null, 'Secret'), h('dd', null, h('code', { class: 'secret' }, w.secret))),
			h('p', { class: 'help' }, 'Copy the secret now: it is not shown again. Content type application/json.'));
		} catch (err) {
			ctx.fail('Making the webhook secret', err);
		}
	});
	return h('section', { 'aria-labelledby': 'webhook-title' }, h('h2', { id: 'webhook-title' }, 'Webhook'),
		h('p', null, 'A push to the branch from GitHub, Gitea or GitLab builds the pushed commit. ',
			'A new secret replaces the old one.'), make, out);
}

export async function appPage(main, args, ctx) {
	const name = args[0];
	const app = await api('GET', `/apps/${enc(name)}`);
	const buildNow = h('button', { type: 'button', class: 'primary' }, 'Build now');
	const del = h('button', { type: 'button', class: 'danger' }, 'Delete');
	buildNow.addEventListener('click', async () => {
		try {
			const b = await api('POST', `/apps/${enc(name)}/builds`, {});
			ctx.go(`/builds/${b.id}`);
		} catch (err) {
			ctx.fail('Starting a build', err);
		}
	});
	del.addEventListener('click', async () => {
		if (!confirm(`Delete the app ${name}? Its builds and deployments go with it.`)) return;
		try {
			await api('DELETE', `/apps/${enc(name)}`);
			ctx.go('/apps');
		} catch (err) {
			ctx.fail('Deleting the app', err);
		}
	});
	main.append(
		h('div', { class: 'title' }, h('h1', null, app.name),
			h('div', { class: 'actions' }, ctx.can('build') ? buildNow : null,
				ctx.can('admin') ? [h('a', { class: 'button', href: `#/apps/${enc(name)}/edit` }, 'Edit'), del] : null)),
		h('dl', { class: 'facts' },
			h('dt', null, 'Repository'), h('dd', null, h('code', null, app.repo)),
			h('dt', null, 'Branch'), h('dd', null, app.branch),
			h('dt', null, 'Folder'), h('dd', null, h('code', null, app.path)),
			h('dt', null, 'Target'), h('dd', null, app.target)));

	const builds = h('section', { 'aria-labelledby': 'builds-title' }, h('h2', { id: 'builds-title' }, 'Builds'));
	const deployments = h('section', { 'aria-labelledby': 'deployments-title' },
		h('h2', { id: 'deployments-title' }, 'Deployments'));
	main.append(builds, deployments);
	let firstPage = [];
	try {
		builds.append(await pagedTable(ctx, {
			caption: `Builds of ${name}, newest first`,
			head: ['Build', 'Status', 'Commit', 'Duration', 'Trigger', 'Created'],
			path: `/apps/${enc(name)}/builds?limit=20`,
			empty: 'No builds yet: press "Build now".',
			row: (b) => {
				firstPage.push(b);
				return [buildLink(b), badge(b.status), h('code', null, shortCommit(b.commit)), fmtDuration(b.duration_ms),
					`${b.trigger}${b.triggered_by ? ` by ${b.triggered_by}` : ''}`, fmtTime(b.created_at)];
			},
		}));
	} catch (err) {
		builds.append(h('p', { class: 'muted' }, `The builds could not be listed: ${err.message}`));
	}
	main.insertBefore(await keysSection(app, firstPage), deployments);
	if (ctx.can('admin')) main.append(webhookSection(name, ctx));
	try {
		deployments.append(await pagedTable(ctx, {
			caption: `Deployments of ${name}, newest first`,
			head: ['Deployment', 'State', 'Build', 'Backend', 'Created'],
			path: `/deployments?app=${enc(name)}&limit=20`,
			empty: 'Not deployed: deploy a succeeded build from its page.',
			row: (d) => [h('a', { href: `#/deployments/${d.id}` }, `#${d.id}`), badge(d.state),
				h('a', { href: `#/builds/${d.build}` }, `#${d.build}`), d.backend, fmtTime(d.created_at)],
		}));
	} catch (err) {
		deployments.append(h('p', { class: 'muted' }, `The deployments could not be listed: ${err.message}`));
	}
}
