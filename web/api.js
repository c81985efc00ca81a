// api.js: the service's API as the page uses it: JSON requests with the session's CSRF token, and errors in words.

let csrf = null;
let onSignedOut = () => {};

// Remembers the session's CSRF token (null when signed out); state-changing requests send it.
export function setCsrf(token) {
	csrf = token;
}

// Called when the service answers 401: the session expired or was signed out elsewhere.
export function whenSignedOut(fn) {
	onSignedOut = fn;
}

export class ApiError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

// Sends METHOD PATH (under /api/v1) with BODY as JSON; resolves to the parsed reply (or text),
// rejects with an ApiError whose message says what went wrong.
export async function api(method, path, body) {
	const headers = {};
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
	let res;
	try {
		res = await fetch('/api/v1' + path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			credentials: 'same-origin',
		});
	} catch (e) {
		throw new ApiError(0, `the service did not answer (${e.message}); is kiln serve running?`);
	}
	const type = res.headers.get('Content-Type') || '';
	const data = type.startsWith('application/json') ? await res.json().catch(() => null) : await res.text();
	if (!res.ok) {
		const why = data && data.error ? data.error : `${res.status} ${res.statusText}`;
		if (res.status === 401 && path !== '/session') onSignedOut();
		throw new ApiError(res.status, why);
	}
	return data;
}

// The items of a list reply: {"items": [...], "next"} (paginated) or {"apps": [...]} (older servers).
export function itemsOf(reply) {
	return reply.items || reply.apps || [];
}

// The kiln.json a build made (its keys with their docs, defaults and stages; its devices), parsed.
export async function kilnJson(buildId) {
	const reply = await api('GET', `/builds/${buildId}/artifacts/kiln.json`);
	return typeof reply === 'string' ? JSON.parse(reply) : reply;
}
