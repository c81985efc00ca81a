// log_view.js: a live log (build log, deployment console): followed over Server-Sent Events (read with fetch), ANSI colours
// rendered by ansi_up, batched per animation frame, kept at its end unless the reader scrolled up.
import { AnsiUp } from './vendor/ansi_up.js';
import { h } from './dom.js';

// Lines rendered per animation frame: a 50,000-line log arrives in 50 frames, each short enough
// (tens of milliseconds) for the page to keep answering (docs/benchmarks.md).
const LINES_PER_FRAME = 1000;

export class LogView {
	// LABEL names the log for screen readers; ONEND runs when the producer has finished.
	constructor(label, onEnd) {
		this.ansi = new AnsiUp();
		this.ansi.use_classes = true;
		this.pending = [];
		this.lines = 0;
		this.following = true;
		this.onEnd = onEnd || (() => {});
		this.pre = h('div', { class: 'log', role: 'log', 'aria-label': label, tabindex: '0' });
		this.status = h('p', { class: 'log-status', 'aria-live': 'polite' }, 'Connecting…');
		this.jump = h('button', { type: 'button', class: 'jump', hidden: true, onclick: () => this.toEnd() },
			'Follow the end ↓');
		this.pre.addEventListener('scroll', () => {
			this.following = this.pre.scrollTop + this.pre.clientHeight >= this.pre.scrollHeight - 8;
			this.jump.hidden = this.following;
		});
		this.el = h('div', { class: 'log-view' }, this.status, this.pre, this.jump);
	}

	toEnd() {
		this.following = true;
		this.jump.hidden = true;
		this.pre.scrollTop = this.pre.scrollHeight;
	}

	// Queues LINES (strings without newlines) for the next frame.
	add(lines) {
		for (const line of lines) this.pending.push(line);
		if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
	}

	flush() {
		this.frame = null;
		const batch = this.pending.splice(0, LINES_PER_FRAME);
		if (batch.length) {
			// A block per batch: the browser skips laying out the batches out of view (content-visibility).
			const chunk = document.createElement('div');
			// ansi_up escapes the text; its markup is spans with classes (and style for bold, 24-bit colour).
			chunk.innerHTML = this.ansi.ansi_to_html(batch.join('\n') + '\n');
			this.pre.append(chunk);
			this.lines += batch.length;
			if (this.following) this.pre.scrollTop = this.pre.scrollHeight;
		}
		if (this.pending.length) this.frame = requestAnimationFrame(() => this.flush());
	}

	// Follows URL (an SSE endpoint: one line per event, "event: end" when finished), from an empty
	// view. While the log does not exist yet (404), RETRY() says whether to try again in a moment.
	// The stream is read with fetch rather than EventSource, which dispatches one DOM event per
	// line and so stalls the page for most of a second on a 50,000-line log; here each network
	// chunk becomes one batch of lines. A dropped connection resumes with Last-Event-ID.
	follow(url, retry) {
		this.close();
		this.pending = [];
		this.lines = 0;
		this.pre.replaceChildren();
		const abort = new AbortController();
		this.abort = abort;
		this.read(url, retry, abort.signal).catch((err) => {
			if (!abort.signal.aborted) this.say(`The log stopped: ${err.message}`);
		});
	}

	async read(url, retry, signal) {
		let lastId = null;
		for (;;) {
			const headers = { Accept: 'text/event-stream' };
			if (lastId !== null) headers['Last-Event-ID'] = lastId;
			let res;
			try {
				res = await fetch(url, { headers, signal, credentials: 'same-origin' });
			} catch (err) {
				if (signal.aborted) return;
				this.say('Connection lost; reconnecting…');
				await this.pause(2000, signal);
				continue;
			}
			if (res.status === 404 && lastId === null) {
				this.say('No log yet; waiting…');
				await this.pause(1500, signal);
				if (!(await retry())) return this.say('The log is not available.');
				continue;
			}
			if (!res.ok) {
				const body = await res.json().catch(() => ({}));
				return this.say(`The log could not be read: ${body.error || res.status}`);
			}
			this.say('Live');
			const events = await this.readEvents(res.body, (id) => { lastId = id; });
			if (events === 'end') {
				this.say(`Finished: ${this.lines + this.pending.length} lines`);
				return this.onEnd();
			}
			this.say('Connection lost; reconnecting…');
			await this.pause(1000, signal);
		}
	}

	// Reads the SSE stream BODY until it closes ("closed") or says "event: end" ("end"); queues each
	// event's data as a line and tells SETID each event's id.
	async readEvents(body, setId) {
		const reader = body.pipeThrough(new TextDecoderStream()).getReader();
		let buffer = '';
		for (;;) {
			const { value, done } = await reader.read();
			if (done) return 'closed';
			buffer += value;
			const cut = buffer.lastIndexOf('\n\n');
			if (cut < 0) continue;
			const lines = [];
			let ended = false;
			for (const event of buffer.slice(0, cut).split('\n\n')) {
				let data = null, type = 'message';
				for (const field of event.split('\n')) {
					const colon = field.indexOf(':');
					if (colon <= 0) continue; // a comment (": keepalive") or nothing
					const name = field.slice(0, colon);
					const text = field.slice(field[colon + 1] === ' ' ? colon + 2 : colon + 1);
					if (name === 'data') data = data === null ? text : `${data}\n${text}`;
					else if (name === 'id') setId(text);
					else if (name === 'event') type = text;
				}
				if (type === 'end') ended = true;
				else if (data !== null) lines.push(data);
			}
			buffer = buffer.slice(cut + 2);
			this.add(lines);
			if (ended) {
				reader.cancel().catch(() => {});
				return 'end';
			}
		}
	}

	pause(ms, signal) {
		return new Promise((resolve) => {
			this.timer = setTimeout(resolve, ms);
			signal.addEventListener('abort', resolve, { once: true });
		});
	}

	say(text) {
		this.status.textContent = text;
	}

	close() {
		if (this.abort) this.abort.abort();
		clearTimeout(this.timer);
		this.abort = null;
	}
}
