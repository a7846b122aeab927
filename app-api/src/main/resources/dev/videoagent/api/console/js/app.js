// The console: sign in, create, the live list, one job's page. Everything that comes from the API
// is put into the page as text (textContent), never as HTML: prompts may contain markup.

import { Api, ApiError } from './api.js';
import { JobFeed, LiveFeed } from './events.js';
import * as words from './format.js';

const KEY_STORAGE = 'videoagent.apiKey';
const PAGE_SIZE = 20;
const FORM_FIELDS = ['prompt', 'avatar', 'voice', 'orientation'];

const $ = (id) => document.getElementById(id);

/** An element with text content and attributes; children appended in order. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'text') node.textContent = value;
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function announce(sentence) {
  const announcer = $('announcer');
  announcer.textContent = '';
  // A fresh text node after a tick, so that the same sentence twice is read twice.
  setTimeout(() => (announcer.textContent = sentence), 50);
}

function shortPrompt(job) {
  const text = job.prompt || '';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

class Console {
  api = null;
  feed = null;
  jobFeed = null; // the open job's own stream
  jobs = new Map(); // id -> job JSON, as last seen
  rows = new Map(); // id -> <li>
  nextCursor = null;
  pagesLoaded = 0;
  filter = '';
  openJobId = null;
  linkFor = null; // the job whose video the player holds
  ticker = null;
  linkExpires = null;

  start() {
    $('sign-in-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.signIn($('api-key').value.trim());
    });
    $('sign-out').addEventListener('click', () => this.signOut(''));
    $('create-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.create();
    });
    $('prompt').addEventListener('input', () => this.countPrompt());
    $('status-filter').addEventListener('change', () => this.changeFilter());
    $('load-more').addEventListener('click', () => this.loadMore());
    $('cancel-button').addEventListener('click', () => this.act('cancel'));
    $('retry-button').addEventListener('click', () => this.act('retry'));
    $('player').addEventListener('error', () => this.playerFailed());
    $('player').addEventListener('loadedmetadata', () => {
      const seconds = $('player').duration;
      $('player-note').textContent = Number.isFinite(seconds)
        ? `Length ${words.duration(seconds * 1000)}.`
        : '';
    });
    window.addEventListener('hashchange', () => this.route());
    this.countPrompt();

    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) {
      this.beginSession(saved);
    } else {
      this.show('sign-in-view');
    }
  }

  // Sign in and out.

  async signIn(key) {
    const error = $('api-key-error');
    error.textContent = '';
    $('api-key').removeAttribute('aria-invalid');
    if (!key) {
      this.refuseKey('Enter your API key.');
      return;
    }
    const button = $('sign-in-button');
    button.disabled = true;
    try {
      await new Api(key).get('/v1/videos?limit=1');
      sessionStorage.setItem(KEY_STORAGE, key);
      $('api-key').value = '';
      this.beginSession(key);
    } catch (e) {
      this.refuseKey(
        e instanceof ApiError && e.status === 401
          ? `This API key was refused: ${e.message}`
          : `Could not sign in: ${e.message}`,
      );
    } finally {
      button.disabled = false;
    }
  }

  refuseKey(sentence) {
    $('api-key').setAttribute('aria-invalid', 'true');
    $('api-key-error').textContent = sentence;
    $('api-key').focus();
  }

  beginSession(key) {
    this.api = new Api(key);
    $('sign-out').hidden = false;
    this.feed = new LiveFeed(this.api, {
      onJob: (job) => this.upsert(job),
      onPoll: () => this.refresh(),
      onState: (state) => this.feedState(state),
    });
    this.feed.start();
    this.ticker = setInterval(() => this.tick(), 1000);
    this.route();
  }

  signOut(reason) {
    this.feed?.stop();
    this.stopJobFeed();
    clearInterval(this.ticker);
    sessionStorage.removeItem(KEY_STORAGE);
    this.api = null;
    this.jobs.clear();
    this.rows.clear();
    $('job-list').replaceChildren();
    this.nextCursor = null;
    this.pagesLoaded = 0;
    this.resetPlayer();
    $('sign-out').hidden = true;
    this.show('sign-in-view');
    if (reason) this.refuseKey(reason);
    else $('api-key').focus();
  }

  /** Any call answered 401 mid-session: the key was withdrawn. */
  handle(e, where) {
    if (e instanceof ApiError && e.status === 401) {
      this.signOut(`Signed out: ${e.message}`);
      return;
    }
    if (where) where.textContent = e.message;
  }

  // Views.

  show(id) {
    for (const view of ['sign-in-view', 'jobs-view', 'job-view']) {
      $(view).hidden = view !== id;
    }
  }

  route() {
    if (!this.api) {
      this.show('sign-in-view');
      return;
    }
    const match = /^#\/jobs\/([^/]+)$/.exec(location.hash);
    if (match) {
      this.openJob(decodeURIComponent(match[1]));
    } else {
      this.openJobId = null;
      this.stopJobFeed();
      this.resetPlayer();
      this.show('jobs-view');
      document.title = 'videoagent console';
      if (this.pagesLoaded === 0) this.refresh();
    }
  }

  feedState(state) {
    const line = {
      live: 'Live: updates appear as they happen.',
      reconnecting: 'Live updates interrupted; reconnecting (refreshing every 2 s meanwhile).',
      polling: 'Refreshing every 2 s.',
    }[state];
    if (state === 'unauthorized') {
      this.signOut('Signed out: this API key is no longer accepted.');
    } else {
      $('live-state').textContent = line;
      $('live-state').dataset.state = state;
    }
  }

  jobFeedState(state) {
    const line = {
      live: 'Live: this page follows the video as it changes.',
      reconnecting: 'Live updates interrupted; reconnecting.',
      ended: 'This video is settled; nothing more will change.',
    }[state];
    if (state === 'unauthorized') {
      this.signOut('Signed out: this API key is no longer accepted.');
    } else {
      $('job-live-state').textContent = line;
      $('job-live-state').dataset.state = state;
    }
  }

  /** The open job's own stream while it can still change (again, after a retry). */
  followJob(job) {
    if (this.jobFeed || job.id !== this.openJobId) return;
    if (words.settled(job)) {
      this.jobFeedState('ended');
      return;
    }
    const id = job.id;
    this.jobFeed = new JobFeed(this.api, id, {
      onJob: (changed) => this.upsert(changed),
      onState: (state) => {
        if (state === 'ended') this.jobFeed = null;
        this.jobFeedState(state);
      },
      settled: () => words.settled(this.jobs.get(id)),
    });
    this.jobFeed.start();
  }

  stopJobFeed() {
    this.jobFeed?.stop();
    this.jobFeed = null;
    $('job-live-state').textContent = '';
    delete $('job-live-state').dataset.state;
  }

  tick() {
    for (const [id, row] of this.rows) {
      const job = this.jobs.get(id);
      if (job && !words.TERMINAL.has(job.status)) this.fillRow(row, job);
    }
    const open = this.jobs.get(this.openJobId);
    if (open && !words.TERMINAL.has(open.status)) this.fillTimes(open);
  }

  // The list.

  listPath(cursor) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (this.filter) query.set('status', this.filter);
    if (cursor) query.set('cursor', cursor);
    return `/v1/videos?${query}`;
  }

  /** The newest page again (and the open job), for what the stream did not bring. */
  async refresh() {
    if (!this.api) return;
    try {
      const page = await this.api.get(this.listPath(null));
      for (const job of page.data) this.upsert(job);
      if (this.pagesLoaded === 0) {
        this.pagesLoaded = 1;
        this.nextCursor = page.next_cursor;
      }
      $('list-error').textContent = '';
      this.renderList();
      if (this.openJobId && !words.settled(this.jobs.get(this.openJobId))) {
        this.upsert(await this.api.get(`/v1/videos/${encodeURIComponent(this.openJobId)}`));
      }
    } catch (e) {
      this.handle(e, $('list-error'));
    }
  }

  async loadMore() {
    if (!this.nextCursor) return;
    const button = $('load-more');
    button.disabled = true;
    try {
      const page = await this.api.get(this.listPath(this.nextCursor));
      for (const job of page.data) this.upsert(job);
      this.pagesLoaded++;
      this.nextCursor = page.next_cursor;
      this.renderList();
    } catch (e) {
      this.handle(e, $('list-error'));
    } finally {
      button.disabled = false;
    }
  }

  changeFilter() {
    this.filter = $('status-filter').value;
    this.pagesLoaded = 0;
    this.nextCursor = null;
    this.refresh();
  }

  upsert(job) {
    const before = this.jobs.get(job.id);
    // An older document (a replayed event, a slow poll) never overwrites a newer one.
    if (before && Date.parse(before.updated_at) > Date.parse(job.updated_at)) return;
    this.jobs.set(job.id, job);
    if (before && before.status !== job.status) {
      announce(`Video "${shortPrompt(job)}" is now ${job.status}.`);
    } else if (before && !before.content && job.content) {
      announce(`Video "${shortPrompt(job)}" is stored and ready to play.`);
    }
    this.renderList();
    if (job.id === this.openJobId) this.renderJob(job, before);
  }

  renderList() {
    const list = $('job-list');
    const shown = [...this.jobs.values()]
      .filter((job) => !this.filter || job.status === this.filter)
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1));
    const keep = new Set(shown.map((job) => job.id));
    for (const [id, row] of this.rows) {
      if (!keep.has(id)) {
        row.remove();
        this.rows.delete(id);
      }
    }
    shown.forEach((job, index) => {
      let row = this.rows.get(job.id);
      if (!row) {
        row = this.newRow(job);
        this.rows.set(job.id, row);
      }
      this.fillRow(row, job);
      // Moved only when out of place, so a focused row keeps its focus.
      if (list.children[index] !== row) list.insertBefore(row, list.children[index] || null);
    });
    $('list-empty').hidden = shown.length > 0;
    $('load-more').hidden = !this.nextCursor;
  }

  newRow(job) {
    const link = el(
      'a',
      { className: 'job-link', href: `#/jobs/${encodeURIComponent(job.id)}` },
      el('span', { className: 'job-prompt' }),
      el('span', { className: 'status' }),
      el('span', { className: 'job-meta' }),
    );
    return el('li', { 'data-job-id': job.id }, link);
  }

  fillRow(row, job) {
    const [prompt, status, meta] = row.firstChild.children;
    prompt.textContent = job.prompt;
    status.textContent = job.status;
    status.className = `status status-${job.status}`;
    const eta = words.estimate(job);
    meta.textContent = [`${words.elapsed(job)} elapsed`, eta && `done ${eta}`, words.when(job.created_at)]
      .filter(Boolean)
      .join(' · ');
  }

  // Creating a job.

  countPrompt() {
    const length = words.promptLength($('prompt').value);
    const count = $('prompt-count');
    count.textContent = words.countLine(length);
    count.classList.toggle('over', length > words.MAX_PROMPT_CHARS);
  }

  clearFieldErrors() {
    for (const field of FORM_FIELDS) {
      $(`${field}-error`).textContent = '';
      $(field).removeAttribute('aria-invalid');
    }
    $('create-error').textContent = '';
  }

  async create() {
    this.clearFieldErrors();
    const body = { prompt: $('prompt').value };
    for (const field of ['avatar', 'voice', 'orientation']) {
      const value = $(field).value.trim();
      if (value) body[field] = value;
    }
    const button = $('create-button');
    button.disabled = true;
    try {
      const job = await this.api.post('/v1/videos', body);
      $('prompt').value = '';
      this.countPrompt();
      this.upsert(job);
      announce(`Video created; it is ${job.status}.`);
    } catch (e) {
      this.showCreateError(e);
    } finally {
      button.disabled = false;
    }
  }

  showCreateError(e) {
    if (!(e instanceof ApiError) || e.status === 401) {
      this.handle(e, $('create-error'));
      return;
    }
    let first = null;
    const elsewhere = [];
    for (const { field, message } of e.fieldErrors) {
      if (FORM_FIELDS.includes(field)) {
        const target = $(`${field}-error`);
        target.textContent = target.textContent ? `${target.textContent} ${message}` : message;
        $(field).setAttribute('aria-invalid', 'true');
        first = first || $(field);
      } else {
        elsewhere.push(message);
      }
    }
    if (elsewhere.length > 0 || !first) {
      $('create-error').textContent = elsewhere.length > 0 ? elsewhere.join(' ') : e.message;
    }
    (first || $('prompt')).focus();
  }

  // One job's page.

  async openJob(id) {
    if (this.openJobId !== id) {
      this.stopJobFeed();
      this.resetPlayer();
      $('action-error').textContent = '';
      $('deliveries').replaceChildren();
      $('deliveries-note').textContent = '';
    }
    this.openJobId = id;
    this.show('job-view');
    $('job-title').textContent = 'Video';
    try {
      const job = await this.api.get(`/v1/videos/${encodeURIComponent(id)}`);
      this.jobs.set(job.id, job);
      this.renderJob(job, null);
      this.loadDeliveries(id);

      $('job-title').focus();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        $('job-title').textContent = 'No such video';
        $('job-prompt').textContent = e.message;
      } else {
        this.handle(e, $('action-error'));
      }
    }
  }

  renderJob(job, before) {
    $('job-title').textContent = `Video ${job.id}`;
    $('job-title').setAttribute('tabindex', '-1');
    document.title = `${job.status}: ${shortPrompt(job)} · videoagent`;
    const status = $('job-status');
    status.textContent = words.statusWords(job);
    status.className = `status status-${job.status}`;
    this.fillTimes(job);
    $('job-created').textContent = words.when(job.created_at);
    $('job-attempt').textContent = String(job.attempt ?? 1);
    $('job-options').textContent = [job.avatar || 'default avatar', job.voice || 'default voice', job.orientation || 'default orientation'].join(', ');
    $('job-prompt').textContent = job.prompt;

    const problem = words.errorWords(job.error);
    const box = $('job-error');
    box.hidden = !problem;
    if (problem) {
      box.replaceChildren(
        el('strong', { text: problem.summary }),
        el('p', { text: problem.detail }),
        el('p', { className: 'hint', text: `Error code: ${job.error.code}` }),
      );
    }
    $('cancel-button').hidden = words.TERMINAL.has(job.status);
    $('retry-button').hidden = job.status !== 'failed';
    if (job.content && this.linkFor !== job.id) {
      this.loadPlayer(job);
    }
    if (!job.content) {
      $('player-note').textContent =
        job.status === 'completed' || !words.TERMINAL.has(job.status)
          ? 'The player appears once the video is stored.'
          : 'This job has no video.';
    }
    if (before && before.status !== job.status) this.loadDeliveries(job.id);
    this.followJob(job);
  }

  fillTimes(job) {
    $('job-elapsed').textContent = words.elapsed(job);
    $('job-eta').textContent = words.estimate(job) || (words.TERMINAL.has(job.status) ? '—' : 'not known yet');
  }

  /**
   * A <video> element cannot send the bearer header, so the player gets a short-lived link to this
   * job's content, minted by an authenticated call; Range requests (seeking) work on it as usual.
   */
  async loadPlayer(job) {
    this.linkFor = job.id;
    try {
      const link = await this.api.post(`/v1/videos/${encodeURIComponent(job.id)}/content-link`);
      if (this.openJobId !== job.id) return;
      const player = $('player');
      player.src = link.url;
      player.setAttribute('aria-label', `Video: ${shortPrompt(job)}`);
      $('download').href = link.url;
      $('download').setAttribute('download', `${job.id}.mp4`);
      $('player-box').hidden = false;
      $('player-note').textContent = '';
      this.linkExpires = Date.parse(link.expires_at);
    } catch (e) {
      this.linkFor = null;
      this.handle(e, $('action-error'));
    }
  }

  /** A link that expired while the page stayed open is minted again, once per failure. */
  playerFailed() {
    const job = this.jobs.get(this.openJobId);
    if (job && job.content && this.linkExpires && Date.now() >= this.linkExpires) {
      this.linkFor = null;
      this.loadPlayer(job);
    } else if (job) {
      $('player-note').textContent = 'The video could not be played in this browser; download it instead.';
    }
  }

  resetPlayer() {
    const player = $('player');
    player.pause();
    player.removeAttribute('src');
    player.load();
    $('player-box').hidden = true;
    $('player-note').textContent = '';
    this.linkFor = null;
    this.linkExpires = null;
  }

  async act(action) {
    const id = this.openJobId;
    $('action-error').textContent = '';
    const button = $(`${action}-button`);
    button.disabled = true;
    try {
      const job = await this.api.post(`/v1/videos/${encodeURIComponent(id)}/${action}`);
      this.upsert(job);
      announce(action === 'cancel' ? 'Canceled.' : `Retried; the job is ${job.status}.`);
    } catch (e) {
      this.handle(e, $('action-error'));
    } finally {
      button.disabled = false;
    }
  }

  async loadDeliveries(id) {
    const list = $('deliveries');
    const note = $('deliveries-note');
    try {
      const page = await this.api.get(`/v1/videos/${encodeURIComponent(id)}/deliveries`);
      if (this.openJobId !== id) return;
      const rows = (page.data || []).map((d) =>
        el('li', {
          text: [
            `${d.type} to ${d.url}`,
            `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`,
            d.last_status ? `last answer ${d.last_status}` : null,
            d.delivered_at ? `delivered ${words.when(d.delivered_at)}` : null,
            !d.delivered_at && d.next_attempt_at ? `next attempt ${words.when(d.next_attempt_at)}` : null,
          ]
            .filter(Boolean)
            .join(' · '),
        }),
      );
      list.replaceChildren(...rows);
      note.textContent = rows.length ? '' : 'No webhook deliveries for this video.';
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        list.replaceChildren();
        note.textContent = 'No webhook deliveries for this video.';
      } else {
        this.handle(e, note);
      }
    }
  }
}

new Console().start();
