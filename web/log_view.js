// log_view.js: a live log (build log, deployment console): followed over Server-Sent Events, ANSI colours
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

	// Follows URL (an SSE endpoint: one line per event, "event: end" when finished). While the log
	// does not exist yet (404), RETRY() says whether to try again in a moment.
	// Starts from an empty view each time (a reconnecting EventSource resumes by itself).
	follow(url, retry) {
		this.close();
		this.pending = [];
		this.lines = 0;
		this.pre.replaceChildren();
		const es = new EventSource(url);
		this.source = es;
		es.onopen = () => this.say('Live');
		es.onmessage = (e) => this.add([e.data]);
		es.addEventListener('end', () => {
			es.close();
			this.say(`Finished: ${this.lines + this.pending.length} lines`);
			this.onEnd();
		});
		es.onerror = () => {
			if (es.readyState !== EventSource.CLOSED) {
				this.say('Connection lost; reconnecting…');
				return;
			}
			this.say('No log yet; waiting…');
			this.timer = setTimeout(async () => {
				if (await retry()) this.follow(url, retry);
				else this.say('The log is not available.');
			}, 1500);
		};
	}

	say(text) {
		this.status.textContent = text;
	}

	close() {
		if (this.source) this.source.close();
		clearTimeout(this.timer);
		this.source = null;
	}
}
