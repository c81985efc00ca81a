// app.js: the dashboard's shell: the session, hash routing (#/apps/hello, #/builds/12, ...), the error banner, focus on navigation.
import { api, setCsrf, whenSignedOut } from './api.js';
import { h } from './dom.js';
import { signInPage } from './page_signin.js';
import { appsPage, appFormPage, appPage } from './page_apps.js';
import { buildPage } from './page_build.js';
import { deploymentsPage, deploymentPage } from './page_deployments.js';

const main = document.getElementById('main');
const banner = document.getElementById('error');
const signOutButton = document.getElementById('signout');
const who = document.getElementById('who');
const nav = document.getElementById('nav');

// Route patterns ("{}" is one segment, handed to the page) to pages.
const routes = [
	['/signin', signInPage],
	['/apps', appsPage],
	['/apps/new', appFormPage],
	['/apps/{}', appPage],
	['/apps/{}/edit', appFormPage],
	['/builds/{}', buildPage],
	['/deployments', deploymentsPage],
	['/deployments/{}', deploymentPage],
];

let session = null;
let cleanup = null;

// What every page gets: the session, navigation, and the error banner.
const ctx = {
	get session() {
		return session;
	},
	// Whether the session's scopes allow SCOPE ("read", "build", "deploy", "admin"); pages show
	// only the actions the session may take.
	can(scope) {
		return !!session && (session.scopes.includes('admin') || session.scopes.includes(scope));
	},
	go(path) {
		if (location.hash === '#' + path) route();
		else location.hash = path;
	},
	// Shows what failed, in words: WHAT is the action ("Deleting the app"), ERR the API's error.
	fail(what, err) {
		banner.replaceChildren(h('strong', null, `${what} failed: `), err.message || String(err));
		banner.hidden = false;
	},
	clearError() {
		banner.hidden = true;
		banner.replaceChildren();
	},
	signedIn(s) {
		session = s;
		setCsrf(s ? s.csrf : null);
		signOutButton.hidden = !s;
		nav.hidden = !s;
		who.textContent = s ? `Signed in (${s.scopes.join(', ')})` : '';
	},
};

function match(path) {
	const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
	for (const [pattern, page] of routes) {
		const want = pattern.split('/').filter(Boolean);
		if (want.length !== parts.length) continue;
		const args = [];
		if (want.every((w, i) => (w === '{}' ? args.push(parts[i]) : w === parts[i]))) return { page, args };
	}
	return null;
}

async function route() {
	if (cleanup) cleanup();
	cleanup = null;
	ctx.clearError();
	const path = location.hash.replace(/^#/, '') || '/apps';
	const found = match(path);
	if (!session && path !== '/signin') return ctx.go('/signin');
	main.replaceChildren();
	if (!found) {
		main.append(h('h1', { tabindex: '-1' }, 'Not found'), h('p', null, `Nothing lives at ${path}. `,
			h('a', { href: '#/apps' }, 'Back to the apps')));
	} else {
		try {
			cleanup = (await found.page(main, found.args, ctx)) || null;
		} catch (err) {
			ctx.fail('Loading the page', err);
		}
	}
	// Screen readers and keyboards land on the new page's title.
	const title = main.querySelector('h1');
	if (title) {
		title.setAttribute('tabindex', '-1');
		title.focus();
		document.title = `${title.textContent} · Kiln`;
	}
}

signOutButton.addEventListener('click', async () => {
	try {
		await api('DELETE', '/session');
	} catch (err) {
		if (err.status !== 401) return ctx.fail('Signing out', err);
	}
	ctx.signedIn(null);
	ctx.go('/signin');
});

whenSignedOut(() => {
	ctx.signedIn(null);
	ctx.go('/signin');
});

window.addEventListener('hashchange', route);

// A page loaded with a live session picks up its CSRF token; otherwise it asks to sign in.
try {
	ctx.signedIn(await api('GET', '/session'));
} catch {
	ctx.signedIn(null);
}
route();
