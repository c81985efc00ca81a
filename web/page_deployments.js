// page_deployments.js: the deployments: their list, and a deployment's page (state, uptime, exit, stop/start/restart/destroy, live console).
import { api } from './api.js';
import { badge, fill, fmtDuration, fmtTime, h } from './dom.js';
import { LogView } from './log_view.js';
import { pagedTable } from './pager.js';

export async function deploymentsPage(main, args, ctx) {
	main.append(h('h1', null, 'Deployments'), await pagedTable(ctx, {
		caption: 'Deployments, newest first',
		head: ['Deployment', 'App', 'State', 'Build', 'Backend', 'Created'],
		path: '/deployments?limit=50',
		empty: 'Nothing is deployed: deploy a succeeded build from its page.',
		row: (d) => [h('a', { href: `#/deployments/${d.id}` }, `#${d.id}`),
			h('a', { href: `#/apps/${encodeURIComponent(d.app)}` }, d.app), badge(d.state),
			h('a', { href: `#/builds/${d.build}` }, `#${d.build}`), d.backend, fmtTime(d.created_at)],
	}));
}

// Since when D runs, or how it ended.
function lifeFacts(d) {
	const running = d.state === 'running' || d.state === 'starting';
	return [
		h('dt', null, running ? 'Up for' : 'Ran for'),
		h('dd', null, d.started_at
			? fmtDuration((d.stopped_at && !running ? new Date(d.stopped_at) : new Date()) - new Date(d.started_at))
			: '—'),
		running ? null : [h('dt', null, 'Exit code'), h('dd', null, d.exit_code ?? '—')],
		d.reason ? [h('dt', null, 'Reason'), h('dd', null, d.reason)] : null,
	];
}

export async function deploymentPage(main, args, ctx) {
	let d = await api('GET', `/deployments/${encodeURIComponent(args[0])}`);
	const facts = h('dl', { class: 'facts' });
	const act = (label, what, method, path, cls) => {
		const button = h('button', { type: 'button', class: cls || '' }, label);
		button.addEventListener('click', async () => {
			if (method === 'DELETE' && !confirm(`Destroy deployment #${d.id}? It stops and its folder goes.`)) return;
			try {
				const reply = await api(method, path(), method === 'DELETE' ? undefined : {});
				if (method === 'DELETE') return ctx.go(`/apps/${encodeURIComponent(d.app)}`);
				if (reply && reply.id) d = reply;
				await refresh();
				if (what !== 'Stopping') consoleLog.follow(consoleUrl(), () => Promise.resolve(false));
			} catch (err) {
				ctx.fail(`${what} the deployment`, err);
			}
		});
		return button;
	};
	const stop = act('Stop', 'Stopping', 'POST', () => `/deployments/${d.id}/stop`);
	const start = act('Start', 'Starting', 'POST', () => `/deployments/${d.id}/start`, 'primary');
	const restart = act('Restart', 'Restarting', 'POST', () => `/deployments/${d.id}/restart`);
	const destroy = act('Destroy', 'Destroying', 'DELETE', () => `/deployments/${d.id}`, 'danger');
	const show = () => {
		const running = d.state === 'running' || d.state === 'starting';
		stop.hidden = !ctx.can('deploy') || !running;
		start.hidden = !ctx.can('deploy') || running;
		restart.hidden = destroy.hidden = !ctx.can('deploy');
		fill(facts,
			h('dt', null, 'State'), h('dd', { 'aria-live': 'polite' }, badge(d.state)),
			h('dt', null, 'App'), h('dd', null, h('a', { href: `#/apps/${encodeURIComponent(d.app)}` }, d.app)),
			h('dt', null, 'Build'), h('dd', null, h('a', { href: `#/builds/${d.build}` }, `#${d.build}`)),
			h('dt', null, 'Backend'), h('dd', null, d.backend),
			h('dt', null, 'Restart'), h('dd', null, d.restart),
			d.pid ? [h('dt', null, 'Process'), h('dd', null, String(d.pid))] : null,
			lifeFacts(d));
	};
	const refresh = async () => {
		try {
			d = await api('GET', `/deployments/${d.id}`);
			show();
		} catch (err) {
			ctx.fail('Refreshing the deployment', err);
		}
	};
	const consoleUrl = () => `/api/v1/deployments/${d.id}/console`;
	const consoleLog = new LogView(`Console of deployment ${d.id}`, () => refresh());
	main.append(
		h('div', { class: 'title' }, h('h1', null, `Deployment #${d.id} of ${d.app}`),
			h('div', { class: 'actions' }, stop, start, restart, destroy)),
		facts,
		h('section', { 'aria-labelledby': 'console-title' }, h('h2', { id: 'console-title' }, 'Console'), consoleLog.el));
	show();
	consoleLog.follow(consoleUrl(), async () => {
		await refresh();
		return d.state === 'starting' || d.state === 'running';
	});
	const timer = setInterval(refresh, 2000);
	return () => {
		clearInterval(timer);
		consoleLog.close();
	};
}
