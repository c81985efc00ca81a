// dashboard.mjs: drives the dashboard in headless Chromium the way a user clicks through it, printing TAP lines.
// Environment: BASE (the server), TOKEN (an admin token), READ_TOKEN (a read-only one),
// REPO (a git repository with the hello example),
// REPO_BIG (the same, its config.c printing 50,000 lines), REPO_SLOW (the same, configuring for a minute),
// SHOTS (the folder for screenshots), CHROMIUM (the browser), APIS (the API paths the server has, one per line).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const { BASE, TOKEN, REPO, SHOTS } = process.env;
const apis = new Set((process.env.APIS || '').split('\n'));
const problems = []; // JavaScript errors and console errors in the page
let failed = false;

function ok(cond, name, detail) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${name}`);
	if (!cond) {
		failed = true;
		if (detail) console.log(String(detail).split('\n').map((l) => `#   ${l}`).join('\n'));
	}
}

// Runs STEP (an async function); a thrown error is a failed check with the error's message.
async function step(name, fn) {
	try {
		await fn();
	} catch (err) {
		ok(false, name, err.stack || err);
	}
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
page.setDefaultTimeout(20000);
page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
// Chromium logs every HTTP error status as a console error ("Failed to load resource"); those are the
// API's answers, which the checks look at, not errors of the page: they are listed, not counted.
page.on('console', (msg) => {
	if (msg.type() !== 'error') return;
	if (msg.text().startsWith('Failed to load resource: the server responded with a status of ')) {
		console.log(`# ${msg.text()} (${msg.location().url})`);
	} else {
		problems.push(`console error: ${msg.text()}`);
	}
});
page.on('dialog', (d) => d.accept());
const shot = (name) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

// Checks the page as it is against WCAG 2 A and AA with axe-core (labels, names, contrast, landmarks...).
async function audit(what) {
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
	const found = await page.evaluate(async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })).violations
		.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
	ok(found.length === 0, `${what}: no WCAG 2 A/AA violation found by axe-core`, found.join('\n'));
}
const heading = () => page.locator('h1').innerText();
const banner = page.locator('#error');

await step('the page asks to sign in', async () => {
	await page.goto(BASE + '/');
	await page.waitForURL('**/#/signin');
	ok(await heading() === 'Sign in to Kiln', 'the page asks to sign in', await heading());
	ok(await page.evaluate(() => document.activeElement.tagName) === 'H1', 'focus is on the page title');
	const bytes = await page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
		.filter((e) => new URL(e.name).pathname.match(/^\/($|assets\/)/)).reduce((n, e) => n + e.transferSize, 0));
	console.log(`# page-transfer-bytes ${bytes}`);
	await shot('signin');
	await audit('the sign-in page');
});

await step('a wrong token is refused in words', async () => {
	await page.getByLabel('API token').fill('not-a-token');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await banner.waitFor();
	ok(await banner.innerText() === 'Signing in failed: invalid token', 'a wrong token is refused in words', await banner.innerText());
});

await step('signing in', async () => {
	await page.getByLabel('API token').fill(TOKEN);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL('**/#/apps');
	await page.getByText('No apps yet').waitFor();
	ok(await heading() === 'Apps', 'signing in shows the apps');
	const cookie = (await context.cookies()).find((c) => c.name === 'kiln_session');
	ok(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict',
		JSON.stringify(cookie));
	ok(!(await page.evaluate(() => document.cookie)).includes('kiln_session'), 'scripts cannot read the session cookie');
	ok(await page.locator('#who').innerText() === 'Signed in (admin)', 'the header says who is signed in');
	await shot('apps-empty');
});

await step('a request without the CSRF token is refused', async () => {
	const status = await page.evaluate(async () => (await fetch('/api/v1/apps', { method: 'POST',
		headers: { 'Content-Type': 'application/json' }, body: '{"name": "evil", "repo": "/tmp"}' })).status);
	ok(status === 403, 'a POST from the page without X-CSRF-Token is refused (403)', status);
});

await step('creating an app', async () => {
	await page.getByRole('link', { name: 'New app' }).click();
	await page.getByLabel('Name').fill('hello');
	await page.getByLabel('Repository', { exact: true }).fill('ftp://example.org/hello.git');
	await shot('app-new');
	await audit('the new app form');
	await page.getByRole('button', { name: 'Create app' }).click();
	await banner.waitFor();
	ok((await banner.innerText()).startsWith('Creating the app failed: '), 'a bad repository URL is refused in words',
		await banner.innerText());
	await page.getByLabel('Repository', { exact: true }).fill(REPO);
	await page.getByLabel('Keys').fill('hello=Hello World!');
	await page.getByRole('button', { name: 'Create app' }).click();
	await page.waitForURL('**/#/apps/hello');
	ok(await heading() === 'hello', 'the new app has its page');
	ok(await page.locator('.facts').innerText().then((t) => t.includes(REPO)), 'the app page shows its repository');
});

await step('editing an app', async () => {
	await page.getByRole('link', { name: 'Edit' }).click();
	await page.getByLabel('Folder in the repository').fill('../elsewhere');
	await page.getByRole('button', { name: 'Save' }).click();
	await banner.waitFor();
	ok((await banner.innerText()).startsWith('Saving the app failed: '), 'an invalid change is refused in words',
		await banner.innerText());
	await page.getByLabel('Folder in the repository').fill('.');
	await page.getByLabel('Branch').fill('main');
	await page.getByRole('button', { name: 'Save' }).click();
	await page.waitForURL('**/#/apps/hello');
	ok(await page.locator('.facts').innerText().then((t) => t.includes('main')), 'the edit is saved');
	await shot('app');
	await page.getByRole('link', { name: 'Apps', exact: true }).click();
	await page.getByRole('link', { name: 'hello' }).waitFor();
	const row = await page.locator('tbody tr').first().innerText();
	ok(row.includes('hello') && row.includes('unix') && row.includes(REPO), 'the apps list shows name, target and repository', row);
	await shot('apps');
	await audit('the apps list');
});

if (apis.has('/api/v1/apps/{name}/builds')) {
	await step('building', async () => {
		await page.getByRole('link', { name: 'hello' }).click();
		await page.getByRole('button', { name: 'Build now' }).click();
		await page.waitForURL(/#\/builds\/\d+$/);
		const log = page.getByRole('log');
		await log.getByText(/\S/).first().waitFor({ timeout: 60000 });
		ok(true, 'the build log arrives live');
		await page.locator('.facts .badge-succeeded').waitFor({ timeout: 120000 });
		ok(true, 'the build succeeds');
		const facts = await page.locator('.facts').innerText();
		ok(/Trigger\s+dashboard by token:\d+/.test(facts), 'the build says the dashboard started it', facts);
		const artifacts = await page.locator('.artifacts').innerText();
		ok(artifacts.includes('hello') && artifacts.includes('kiln.json'), 'the artifacts are listed', artifacts);
		const logText = await log.innerText();
		ok(logText.includes('kiln: build succeeded'), 'the log ends with the build\'s outcome', logText);
		await shot('build');
		await audit('the build page');
	});
	await step('the app page after a build', async () => {
		await page.getByRole('link', { name: 'hello', exact: true }).first().click();
		await page.waitForURL('**/#/apps/hello');
		const keys = page.getByRole('table', { name: /Keys of hello/ });
		await keys.waitFor();
		const row = await keys.locator('tbody tr').first().innerText();
		ok(row.includes('hello') && row.includes('Hello World!') && row.includes('How to say hello.'),
			'the keys come with their docs and defaults from kiln.json', row);
		const builds = await page.getByRole('table', { name: /Builds of hello/ }).locator('tbody tr').first().innerText();
		ok(builds.includes('succeeded') && /[0-9a-f]{10}/.test(builds), 'the builds list shows status and commit', builds);
		if (apis.has('/api/v1/apps/{name}/webhook')) {
			await page.getByRole('button', { name: 'Make a webhook secret' }).click();
			const hook = page.getByRole('region', { name: 'Webhook' });
			await hook.getByText('Payload URL').waitFor();
			const text = await hook.innerText();
			ok(text.includes(`${BASE}/api/v1/webhooks/hello`) && /kiln_[0-9a-f]{64}/.test(text),
				'the app page makes a webhook secret and shows its URL', text);
		}
		await shot('app-built');
		await audit('the app page');
		await page.getByRole('link', { name: '#1' }).first().click();
		await page.waitForURL(/#\/builds\/\d+$/);
		await page.locator('.facts .badge-succeeded').waitFor();
	});
} else {
	console.log('# no builds API on this server yet: building not exercised');
}

if (apis.has('/api/v1/deployments')) {
	await step('deploying', async () => {
		await page.getByRole('button', { name: 'Deploy to unix' }).waitFor();
		const backends = await page.evaluate(async () => (await fetch('/api/v1/backends')).json());
		for (const be of backends.items || backends) {
			const button = page.getByRole('button', { name: `Deploy to ${be.name}` });
			const why = be.available ? '' : await page.locator(`#deploy-why-${be.name}`).innerText();
			ok(await button.isDisabled() === !be.available && why === (be.available ? '' : be.reason) && !/not available here.*not available here/i.test(why),
				`${be.name}: ${be.available ? 'offered' : 'greyed out, with the reason'}`, why);
		}
		await page.getByRole('button', { name: 'Deploy to unix' }).click();
		await page.waitForURL(/#\/deployments\/\d+$/);
		const id = page.url().replace(/.*\//, '');
		await page.waitForFunction(() => ((document.querySelector('.log')?.textContent || '').match(/Hello World!/g) || []).length === 4,
			null, { timeout: 30000 });
		ok(true, 'the console shows Hello World! four times');
		await shot('deployment');
		await audit('the deployment page');
		await page.locator('.facts .badge-exited').waitFor({ timeout: 20000 });
		const exited = await page.locator('.facts').innerText();
		ok(/Exit code\s+0/.test(exited), 'hello exits on its own with code 0', exited);
		await page.getByRole('button', { name: 'Start', exact: true }).click();
		// hello runs for 4 s: stop it as soon as it runs again.
		await page.locator('.facts .badge-running').waitFor();
		await page.getByRole('button', { name: 'Stop' }).click();
		await page.locator('.facts .badge-stopped').waitFor();
		const stopped = await page.locator('.facts').innerText();
		ok(/Reason\s+\S/.test(stopped), 'started again, then stopped from the page, with the reason shown', stopped);
		await shot('deployment-stopped');
		await page.getByRole('button', { name: 'Restart' }).click();
		await page.locator('.facts .badge-running').waitFor();
		await page.getByRole('button', { name: 'Stop' }).click();
		await page.locator('.facts .badge-stopped').waitFor();
		ok(true, 'restarted from the page, and stopped again');
		await page.getByRole('link', { name: 'Deployments' }).click();
		await page.locator(`a[href="#/deployments/${id}"]`).waitFor();
		await shot('deployments');
		await audit('the deployments list');
		await page.locator(`a[href="#/deployments/${id}"]`).click();
		await page.getByRole('button', { name: 'Destroy' }).click();
		await page.waitForURL('**/#/apps/hello');
		const gone = await page.evaluate(async (d) => {
			for (let i = 0; i < 100; i++) {
				if ((await fetch(`/api/v1/deployments/${d}`)).status === 404) return true;
				await new Promise((r) => setTimeout(r, 100));
			}
			return false;
		}, id);
		ok(gone, 'destroying the deployment removes it');
	});
} else {
	console.log('# no deployments API on this server yet: deploying not exercised');
}

if (apis.has('/api/v1/apps/{name}/builds')) {
	await step('a 50,000-line build log over SSE', async () => {
		// The app "biglog" prints 50,000 coloured lines while it configures.
		const id = await page.evaluate(async (repo) => {
			const { csrf } = await (await fetch('/api/v1/session')).json();
			const post = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body),
				headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } }).then((r) => r.json());
			await post('/api/v1/apps', { name: 'biglog', repo });
			const build = await post('/api/v1/apps/biglog/builds', {});
			for (;;) {
				const b = await (await fetch(`/api/v1/builds/${build.id}`)).json();
				if (b.finished_at) return b.status === 'succeeded' ? b.id : -1;
				await new Promise((r) => setTimeout(r, 200));
			}
		}, process.env.REPO_BIG);
		ok(id > 0, 'the 50,000-line build succeeds');
		const m = await page.evaluate(async (buildId) => {
			let last = performance.now(), longest = 0, done = false;
			const tick = () => {
				const now = performance.now();
				longest = Math.max(longest, now - last);
				last = now;
				if (!done) requestAnimationFrame(tick);
			};
			requestAnimationFrame(tick);
			const t0 = performance.now();
			location.hash = `/builds/${buildId}`;
			while (document.querySelector('h1')?.textContent !== `Build #${buildId} of biglog`)
				await new Promise((r) => setTimeout(r, 5));
			while (!/^Finished/.test(document.querySelector('.log-status')?.textContent || ''))
				await new Promise((r) => setTimeout(r, 20));
			while (!document.querySelector('.log')?.textContent.includes('kiln: build succeeded'))
				await new Promise((r) => requestAnimationFrame(r));
			done = true;
			const lines = document.querySelector('.log').textContent.split('\n').length - 1;
			return { ms: performance.now() - t0, longest, lines,
				green: document.querySelectorAll('.log .ansi-green-fg').length };
		}, id);
		ok(m.lines >= 50000 && m.green === 50000, 'all 50,000 lines arrive, with their colours', JSON.stringify(m));
		// The peer: the browser's EventSource on the same stream, counting events and rendering nothing.
		const peer = await page.evaluate(async (buildId) => {
			let last = performance.now(), longest = 0, done = false, n = 0;
			const tick = () => {
				const now = performance.now();
				longest = Math.max(longest, now - last);
				last = now;
				if (!done) requestAnimationFrame(tick);
			};
			requestAnimationFrame(tick);
			const t0 = performance.now();
			await new Promise((resolve) => {
				const es = new EventSource(`/api/v1/builds/${buildId}/log`);
				es.onmessage = () => n++;
				es.addEventListener('end', () => { es.close(); resolve(); });
			});
			done = true;
			return { ms: performance.now() - t0, longest, n };
		}, id);
		console.log(`# sse-50k-line-build-log-ms ${Math.round(m.ms)} longest-frame-ms ${Math.round(m.longest)} ` +
			`eventsource-peer-ms ${Math.round(peer.ms)} peer-longest-frame-ms ${Math.round(peer.longest)}`);
		await shot('build-50k-lines');
		await page.evaluate(async () => {
			const { csrf } = await (await fetch('/api/v1/session')).json();
			await fetch('/api/v1/apps/biglog', { method: 'DELETE', headers: { 'X-CSRF-Token': csrf } });
		});
	});
}

if (apis.has('/api/v1/apps/{name}/builds')) {
	await step('a list of builds in pages', async () => {
		// 21 builds of an app whose repository does not exist: each fails at once, and the app page
		// shows them 20 at a time.
		await page.evaluate(async () => {
			const { csrf } = await (await fetch('/api/v1/session')).json();
			const post = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body),
				headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } }).then((r) => r.json());
			await post('/api/v1/apps', { name: 'pages', repo: '/nonexistent/pages.git' });
			for (let i = 0; i < 21; i++) await post('/api/v1/apps/pages/builds', {});
		});
		await page.goto(BASE + '/#/apps/pages');
		const rows = page.getByRole('table', { name: /Builds of pages/ }).locator('tbody tr');
		await rows.first().waitFor();
		const older = page.getByRole('button', { name: 'Older →' });
		const newer = page.getByRole('button', { name: '← Newer' });
		ok(await rows.count() === 20 && await newer.isDisabled() && !(await older.isDisabled()),
			'the first page of builds has 20, and an older page', await rows.count());
		const firstId = () => rows.first().locator('td').first().innerText();
		const buildRows = (n) => page.waitForFunction((want) =>
			document.querySelector('.pager').querySelectorAll('tbody tr').length === want, n);
		const newest = await firstId();
		await older.click();
		await buildRows(1);
		const oldest = await firstId();
		ok(Number(oldest.slice(1)) === Number(newest.slice(1)) - 20 && await older.isDisabled() && !(await newer.isDisabled()),
			'the older page has the 21st build, and no page after it', `${newest} then ${oldest}`);
		await newer.click();
		await buildRows(20);
		ok(await firstId() === newest, 'back to the newest page');
		await page.evaluate(async () => {
			const { csrf } = await (await fetch('/api/v1/session')).json();
			for (;;) {
				const { items } = await (await fetch('/api/v1/apps/pages/builds?limit=50')).json();
				if (items.every((b) => b.finished_at)) break;
				await new Promise((r) => setTimeout(r, 200));
			}
			await fetch('/api/v1/apps/pages', { method: 'DELETE', headers: { 'X-CSRF-Token': csrf } });
		});
	});
}

if (apis.has('/api/v1/builds/{id}/cancel')) {
	await step('cancelling and retrying a build', async () => {
		await page.evaluate(async (repo) => {
			const { csrf } = await (await fetch('/api/v1/session')).json();
			await fetch('/api/v1/apps', { method: 'POST', body: JSON.stringify({ name: 'slow', repo }),
				headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } });
		}, process.env.REPO_SLOW);
		await page.goto(BASE + '/#/apps/slow');
		await page.getByRole('button', { name: 'Build now' }).click();
		await page.waitForURL(/#\/builds\/\d+$/);
		const first = page.url().replace(/.*\//, '');
		await page.locator('.facts .badge-running').waitFor({ timeout: 60000 });
		await page.getByRole('button', { name: 'Cancel build' }).click();
		await page.locator('.facts .badge-cancelled').waitFor();
		ok(await page.getByRole('button', { name: 'Cancel build' }).isHidden(), 'a running build is cancelled from its page');
		await page.getByRole('button', { name: 'Retry' }).click();
		await page.waitForURL((url) => /#\/builds\/\d+$/.test(url.hash) && !url.hash.endsWith(`/${first}`));
		const facts = await page.locator('.facts').innerText();
		ok(/Trigger\s+retry/.test(facts), 'Retry makes a new build of the same app', facts);
		await page.getByRole('button', { name: 'Cancel build' }).click();
		await page.locator('.facts .badge-cancelled').waitFor();
		await page.evaluate(async () => {
			const { csrf } = await (await fetch('/api/v1/session')).json();
			await fetch('/api/v1/apps/slow', { method: 'DELETE', headers: { 'X-CSRF-Token': csrf } });
		});
	});
}

await step('a read-only session sees no actions it may not take', async () => {
	const reader = await (await browser.newContext()).newPage();
	reader.on('pageerror', (err) => problems.push(`page error (read-only): ${err.message}`));
	await reader.goto(BASE + '/');
	await reader.getByLabel('API token').fill(process.env.READ_TOKEN);
	await reader.getByRole('button', { name: 'Sign in' }).click();
	await reader.getByRole('link', { name: 'hello' }).waitFor();
	ok(await reader.getByRole('link', { name: 'New app' }).count() === 0, 'read-only: no "New app"');
	await reader.getByRole('link', { name: 'hello' }).click();
	await reader.getByRole('heading', { name: 'Builds' }).waitFor();
	const actions = await reader.locator('.title .actions').innerText();
	ok(actions.trim() === '' && await reader.getByRole('heading', { name: 'Webhook' }).count() === 0,
		'read-only: no Build now, Edit, Delete or webhook on the app page', actions);
	await reader.context().close();
});

await step('a 50,000-line log renders', async () => {
	const m = await page.evaluate(async () => {
		const { LogView } = await import('/assets/log_view.js');
		const view = new LogView('benchmark log');
		document.querySelector('main').append(view.el);
		const lines = Array.from({ length: 50000 }, (_, i) => `line ${i} \u001b[32mgreen\u001b[0m and plain text`);
		const t0 = performance.now();
		let last = t0, longest = 0;
		view.add(lines);
		while (view.pending.length || view.frame) {
			await new Promise((r) => requestAnimationFrame(r));
			const now = performance.now();
			longest = Math.max(longest, now - last);
			last = now;
		}
		const total = performance.now() - t0;
		const whole = view.pre.textContent.split('\n').length - 1 === 50000 &&
			view.pre.querySelectorAll('.ansi-green-fg').length === 50000;
		const scrolled = view.pre.scrollTop + view.pre.clientHeight >= view.pre.scrollHeight - 8;
		view.el.remove();
		// The peer: the same lines, colour codes stripped, as one text node in a <pre>, in one go.
		const pre = document.createElement('pre');
		pre.className = 'log';
		document.querySelector('main').append(pre);
		const p0 = performance.now();
		pre.textContent = lines.map((l) => l.replace(/\u001b\[[0-9;]*m/g, '')).join('\n');
		pre.scrollTop = pre.scrollHeight;
		await new Promise((r) => requestAnimationFrame(r));
		const peer = performance.now() - p0;
		pre.remove();
		return { whole, scrolled, total, longest, peer };
	});
	ok(m.whole, 'a 50,000-line log renders whole, with its colours');
	ok(m.scrolled, 'the log view follows the end');
	console.log(`# render-50k-lines-ms ${Math.round(m.total)} longest-frame-ms ${Math.round(m.longest)} ` +
		`plain-pre-peer-ms ${Math.round(m.peer)}`);
});

await step('phone width', async () => {
	await page.setViewportSize({ width: 375, height: 740 });
	await page.goto(BASE + '/#/apps');
	await page.getByRole('link', { name: 'hello' }).waitFor();
	if (apis.has('/api/v1/apps/{name}/builds')) {
		await page.locator('tbody .badge-succeeded').waitFor();
		ok(true, 'the apps list shows the last build\'s status');
	}
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	ok(overflow <= 0, 'the apps page fits a phone-sized screen', `${overflow} px too wide`);
	await shot('apps-phone');
	await page.setViewportSize({ width: 1280, height: 860 });
});

await step('deleting an app', async () => {
	await page.goto(BASE + '/#/apps/hello');
	await page.getByRole('button', { name: 'Delete' }).click();
	await page.waitForURL('**/#/apps');
	await page.getByText('No apps yet').waitFor();
	ok(true, 'deleting the app (after confirming) empties the list');
});

await step('signing out', async () => {
	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL('**/#/signin');
	const status = await page.evaluate(async () => (await fetch('/api/v1/apps')).status);
	ok(status === 401, 'after signing out the API refuses the page (401)', status);
	await page.goto(BASE + '/#/apps');
	await page.waitForURL('**/#/signin');
	ok(true, 'a signed-out browser is sent to sign in');
});

ok(problems.length === 0, 'no JavaScript or console error in the page', problems.join('\n'));
await browser.close();
process.exit(failed ? 1 : 0);
