// Server-Sent Events read with fetch, because EventSource cannot send an Authorization header.
// The parser follows the HTML standard's event stream format: fields per line, a blank line ends
// an event, "id" is remembered for Last-Event-ID, "retry" sets the reconnection delay.

export async function readEvents(response, onEvent, onRetry) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: 'message', data: [], id: undefined };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = nextLineEnd(buffer)) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(buffer[end] === '\r' && buffer[end + 1] === '\n' ? end + 2 : end + 1);
      if (line === '') {
        if (event.data.length > 0) {
          onEvent({ type: event.type, data: event.data.join('\n'), id: event.id });
        }
        event = { type: 'message', data: [], id: undefined };
        continue;
      }
      if (line.startsWith(':')) {
        continue; // a comment: keep-alive
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let text = colon < 0 ? '' : line.slice(colon + 1);
      if (text.startsWith(' ')) {
        text = text.slice(1);
      }
      if (field === 'data') {
        event.data.push(text);
      } else if (field === 'event') {
        event.type = text;
      } else if (field === 'id' && !text.includes('\0')) {
        event.id = text;
      } else if (field === 'retry' && /^\d+$/.test(text)) {
        onRetry(Number(text));
      }
    }
  }
}

function nextLineEnd(text) {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      return i;
    }
    // A lone CR at the very end may be the first half of CRLF: wait for more.
    if (text[i] === '\r' && i + 1 < text.length) {
      return i;
    }
  }
  return -1;
}

const FAST_POLL_MS = 2000;
const SAFETY_POLL_MS = 30000;

/**
 * The tenant's jobs, live: the SSE stream of /v1/events with Last-Event-ID resume and back-off
 * after errors; while the stream is down (or the service has none), the list is refreshed by
 * polling, so the page always moves.
 */
export class LiveFeed {
  #api;
  #onJob;
  #onPoll;
  #onState;
  #abort = null;
  #lastEventId = null;
  #failures = 0;
  #retryMs = 1000;
  #pollTimer = null;
  #pollEvery = null;
  #reconnectTimer = null;
  #stopped = false;

  constructor(api, { onJob, onPoll, onState }) {
    this.#api = api;
    this.#onJob = onJob;
    this.#onPoll = onPoll;
    this.#onState = onState;
  }

  start() {
    this.#connect();
  }

  stop() {
    this.#stopped = true;
    this.#abort?.abort();
    clearTimeout(this.#reconnectTimer);
    this.#stopPolling();
  }

  async #connect() {
    if (this.#stopped) {
      return;
    }
    this.#abort = new AbortController();
    try {
      const response = await this.#api.openStream('/v1/events', this.#lastEventId, this.#abort.signal);
      this.#failures = 0;
      // A slow poll stays on as a safety net: a stream that stalls without closing (a proxy that
      // buffers, a connection that died quietly) still lets the list move.
      this.#poll(SAFETY_POLL_MS);
      this.#onState('live');
      // Whatever changed while the stream was down is fetched once.
      this.#onPoll();
      await readEvents(
        response,
        (event) => this.#dispatch(event),
        (ms) => (this.#retryMs = ms),
      );
      this.#reconnectSoon(false);
    } catch (e) {
      if (this.#stopped) {
        return;
      }
      if (e.status === 401) {
        this.#onState('unauthorized');
        return;
      }
      this.#reconnectSoon(true, e.status === 404);
    }
  }

  #dispatch(event) {
    if (event.id !== undefined) {
      this.#lastEventId = event.id;
    }
    const document = jobDocument(event);
    if (document) {
      this.#onJob(document.data, document.type || event.type);
    }
  }

  #reconnectSoon(failed, noStream = false) {
    if (this.#stopped) {
      return;
    }
    if (failed) {
      this.#failures++;
    }
    this.#startPolling();
    this.#onState(noStream ? 'polling' : 'reconnecting');
    // Exponential back-off with jitter, capped at 30 s; a service without the stream is asked
    // again only now and then.
    const base = noStream ? 30000 : Math.min(30000, this.#retryMs * 2 ** Math.max(0, this.#failures - 1));
    const delay = base / 2 + Math.random() * (base / 2);
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  #startPolling() {
    if (this.#pollEvery !== FAST_POLL_MS) {
      this.#onPoll();
      this.#poll(FAST_POLL_MS);
    }
  }

  #poll(every) {
    this.#stopPolling();
    this.#pollEvery = every;
    this.#pollTimer = setInterval(() => this.#onPoll(), every);
  }

  #stopPolling() {
    clearInterval(this.#pollTimer);
    this.#pollTimer = null;
    this.#pollEvery = null;
  }
}

/** The {type, timestamp, data: job} document an event carries, or null for anything else. */
function jobDocument(event) {
  try {
    const document = JSON.parse(event.data);
    return document && document.data && document.data.id ? document : null;
  } catch (ignored) {
    return null;
  }
}

/**
 * One job, live, for its page: the SSE stream of /v1/videos/{id}/events, which starts with the
 * job's current state and ends once the job is settled. Cut short, it resumes with Last-Event-ID
 * after a back-off; the tenant's LiveFeed keeps the page moving meanwhile.
 */
export class JobFeed {
  #api;
  #path;
  #onJob;
  #onState;
  #settled;
  #abort = null;
  #lastEventId = null;
  #failures = 0;
  #retryMs = 1000;
  #reconnectTimer = null;
  #stopped = false;

  constructor(api, id, { onJob, onState, settled }) {
    this.#api = api;
    this.#path = `/v1/videos/${encodeURIComponent(id)}/events`;
    this.#onJob = onJob;
    this.#onState = onState;
    this.#settled = settled;
  }

  start() {
    this.#connect();
  }

  stop() {
    this.#stopped = true;
    this.#abort?.abort();
    clearTimeout(this.#reconnectTimer);
  }

  async #connect() {
    if (this.#stopped) {
      return;
    }
    this.#abort = new AbortController();
    try {
      const response = await this.#api.openStream(this.#path, this.#lastEventId, this.#abort.signal);
      this.#failures = 0;
      this.#onState('live');
      await readEvents(
        response,
        (event) => {
          if (event.id !== undefined) {
            this.#lastEventId = event.id;
          }
          const document = jobDocument(event);
          if (document) {
            this.#onJob(document.data, document.type || event.type);
          }
        },
        (ms) => (this.#retryMs = ms),
      );
      if (this.#stopped) {
        return;
      }
      if (this.#settled()) {
        this.#onState('ended');
        return;
      }
      this.#reconnectSoon();
    } catch (e) {
      if (this.#stopped) {
        return;
      }
      if (e.status === 401) {
        this.#onState('unauthorized');
        return;
      }
      this.#failures++;
      this.#reconnectSoon();
    }
  }

  #reconnectSoon() {
    this.#onState('reconnecting');
    const base = Math.min(30000, this.#retryMs * 2 ** Math.max(0, this.#failures - 1));
    this.#reconnectTimer = setTimeout(() => this.#connect(), base / 2 + Math.random() * (base / 2));
  }
}
