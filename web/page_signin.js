// page_signin.js: signing in with an API token (the service then keeps a session cookie).
import { api } from './api.js';
import { h } from './dom.js';

export function signInPage(main, args, ctx) {
	const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
		'aria-describedby': 'token-help' });
	const form = h('form', { class: 'card narrow' },
		h('h1', null, 'Sign in to Kiln'),
		h('label', { for: 'token' }, 'API token'),
		input,
		h('p', { id: 'token-help', class: 'help' }, 'A token from ', h('code', null, 'kiln token create'),
			'. The browser keeps a session cookie, not the token.'),
		h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		try {
			ctx.signedIn(await api('POST', '/session', { token: input.value }));
			ctx.go('/apps');
		} catch (err) {
			ctx.fail('Signing in', err);
			input.focus();
		}
	});
	main.append(form);
}
