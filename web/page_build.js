// page_build.js: a build: its state, the live log, cancel and retry, artifacts (the .xl shown), and one-click deploy.
import { api, kilnJson } from './api.js';
import { badge, fmtDuration, fmtSize, fmtTime, h, shortCommit } from './dom.js';
import { LogView } from './log_view.js';

const FINAL = ['succeeded', 'failed', 'cancelled', 'interrupted'];

function facts(b) {
	return h('dl', { class: 'facts' },
		h('dt', null, 'Status'), h('dd', null, badge(b.status)),
		h('dt', null, 'App'), h('dd', null, h('a', { href: `#/apps/${encodeURIComponent(b.app)}` }, b.app)),
		h('dt', null, 'Commit'), h('dd', null, h('code', { title: b.commit || '' }, shortCommit(b.commit)), ` (${b.ref})`),
		h('dt', null, 'Trigger'), h('dd', null, `${b.trigger}${b.triggered_by ? ` by ${b.triggered_by}` : ''}`),
		h('dt', null, 'Created'), h('dd', null, fmtTime(b.created_at)),
		h('dt', null, 'Duration'), h('dd', null, fmtDuration(b.duration_ms)),
		b.error ? [h('dt', null, 'Error'), h('dd', { class: 'bad' }, b.error)] : null);
}

// The build's artifacts as download links; .xl files are shown too.
function artifacts(b) {
	const section = h('section', { 'aria-labelledby': 'artifacts-title' }, h('h2', { id: 'artifacts-title' }, 'Artifacts'));
	const list = b.artifacts || [];
	if (!list.length) {
		section.append(h('p', { class: 'empty' }, FINAL.includes(b.status) ? 'This build has no artifacts.' : 'Artifacts appear when the build succeeds.'));
		return section;
	}
	section.append(h('ul', { class: 'artifacts' }, list.map((a) => h('li', null,
		h('a', { href: `/api/v1/builds/${b.id}/artifacts/${encodeURIComponent(a.name)}`, download: a.name }, a.name),
		` ${fmtSize(a.size)} `, h('code', { class: 'muted', title: `sha256 ${a.sha256}` }, a.sha256.slice(0, 12))))));
	for (const a of list.filter((x) => x.name.endsWith('.xl'))) {
		const pre = h('pre', { class: 'xl', 'aria-label': `The generated ${a.name}`, tabindex: '0' }, 'Loading…');
		section.append(h('h3', null, `Generated ${a.name}`), pre);
		api('GET', `/builds/${b.id}/artifacts/${encodeURIComponent(a.name)}`).then(
			(text) => { pre.textContent = text; },
			(err) => { pre.textContent = `Could not load ${a.name}: ${err.message}`; });
	}
	return section;
}

// Inputs for the build's boot keys (from its kiln.json), each with its doc and built-in value;
// values() gives those the user filled in.
async function bootKeys(b) {
	const inputs = [];
	const el = h('fieldset', { class: 'keys' }, h('legend', null, 'Boot keys (leave empty to keep the built-in value)'));
	try {
		for (const k of ((await kilnJson(b.id)).keys || []).filter((key) => key.stage === 'boot')) {
			const id = `boot-key-${k.name}`;
			const input = h('input', { id, placeholder: String(k.value ?? k.default ?? ''), 'aria-describedby': `${id}-help` });
			inputs.push([k.name, input]);
			el.append(h('div', { class: 'field' }, h('label', { for: id }, k.name), input,
				h('p', { id: `${id}-help`, class: 'help' }, `${k.doc || ''} (${k.type}, default ${JSON.stringify(k.default)})`)));
		}
	} catch (err) {
		el.append(h('p', { class: 'muted' }, `The build's keys could not be read: ${err.message}`));
	}
	if (!el.querySelector('input, p')) el.append(h('p', { class: 'muted' }, 'This build has no boot keys.'));
	return { el, values: () => Object.fromEntries(inputs.filter(([, i]) => i.value !== '').map(([n, i]) => [n, i.value])) };
}

// Deploy buttons for the backends this host offers; those it lacks are disabled with the reason.
async function deploySection(b, ctx) {
	const section = h('section', { 'aria-labelledby': 'deploy-title' }, h('h2', { id: 'deploy-title' }, 'Deploy'));
	let backends;
	try {
		backends = await api('GET', '/backends');
	} catch (err) {
		section.append(h('p', { class: 'muted' }, `The backends could not be listed: ${err.message}`));
		return section;
	}
	const restart = h('input', { type: 'checkbox', id: 'restart' });
	const keys = await bootKeys(b);
	section.append(keys.el, h('div', { class: 'field inline' }, restart,
		h('label', { for: 'restart' }, 'Restart it when it fails')));
	const buttons = h('div', { class: 'actions' });
	for (const be of backends.items || backends) {
		const why = be.available ? null : `deploy-why-${be.name}`;
		const button = h('button', { type: 'button', class: 'primary', disabled: !be.available, 'aria-describedby': why },
			`Deploy to ${be.name}`);
		button.addEventListener('click', async () => {
			try {
				const d = await api('POST', '/deployments', { build: b.id, backend: be.name,
					restart: restart.checked ? 'on-failure' : 'never', keys: keys.values() });
				ctx.go(`/deployments/${d.id}`);
			} catch (err) {
				ctx.fail(`Deploying to ${be.name}`, err);
			}
		});
		buttons.append(h('div', { class: 'backend' }, button,
			be.available ? null : h('p', { id: why, class: 'help' }, be.reason)));
	}
	section.append(buttons);
	return section;
}

export async function buildPage(main, args, ctx) {
	const id = args[0];
	let b = await api('GET', `/builds/${encodeURIComponent(id)}`);
	const head = h('div');
	const details = h('div');
	const log = new LogView(`Log of build ${id}`, () => refresh());
	const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel build');
	const retry = h('button', { type: 'button' }, 'Retry');
	cancel.addEventListener('click', async () => {
		try {
			b = await api('POST', `/builds/${b.id}/cancel`, {});
			show();
		} catch (err) {
			ctx.fail('Cancelling the build', err);
		}
	});
	retry.addEventListener('click', async () => {
		try {
			const nb = await api('POST', `/builds/${b.id}/retry`, {});
			ctx.go(`/builds/${nb.id}`);
		} catch (err) {
			ctx.fail('Retrying the build', err);
		}
	});
	let shownFinal = false;
	const show = async () => {
		cancel.hidden = !ctx.can('build') || FINAL.includes(b.status);
		retry.hidden = !ctx.can('build') || !['failed', 'cancelled', 'interrupted'].includes(b.status);
		head.replaceChildren(facts(b));
		if (FINAL.includes(b.status) && !shownFinal) {
			shownFinal = true;
			details.replaceChildren(artifacts(b), b.status === 'succeeded' && ctx.can('deploy') ? await deploySection(b, ctx) : null);
		}
	};
	const refresh = async () => {
		try {
			b = await api('GET', `/builds/${b.id}`);
			await show();
		} catch (err) {
			ctx.fail('Refreshing the build', err);
		}
	};
	main.append(
		h('div', { class: 'title' }, h('h1', null, `Build #${b.id} of ${b.app}`),
			h('div', { class: 'actions' }, cancel, retry,
				h('a', { class: 'button', href: `/api/v1/builds/${b.id}/log`, download: `build-${b.id}.log` }, 'Download log'))),
		head,
		h('section', { 'aria-labelledby': 'log-title' }, h('h2', { id: 'log-title' }, 'Log'), log.el),
		details);
	await show();
	log.follow(`/api/v1/builds/${b.id}/log`, async () => {
		await refresh();
		return !FINAL.includes(b.status);
	});
	const timer = setInterval(() => { if (!FINAL.includes(b.status)) refresh(); }, 2000);
	return () => {
		clearInterval(timer);
		log.close();
	};
}
