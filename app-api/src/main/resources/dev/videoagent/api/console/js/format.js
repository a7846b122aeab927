// How the console words and counts things, the way the service does.

export const MAX_PROMPT_CHARS = 10000;

export const TERMINAL = new Set(['completed', 'failed', 'canceled']);

// Java's Character.isWhitespace, which String.strip() uses on the service: the no-break spaces
// (U+00A0, U+2007, U+202F) are not whitespace there, unlike JavaScript's trim().
function isJavaWhitespace(c) {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x2006) ||
    (c >= 0x2008 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** The prompt's length as the API counts it: Unicode code points after stripping whitespace. */
export function promptLength(text) {
  const points = Array.from(text, (ch) => ch.codePointAt(0));
  let start = 0;
  let end = points.length;
  while (start < end && isJavaWhitespace(points[start])) start++;
  while (end > start && isJavaWhitespace(points[end - 1])) end--;
  return end - start;
}

const number = new Intl.NumberFormat('en');

export function countLine(length) {
  const over = length - MAX_PROMPT_CHARS;
  const line = `${number.format(length)} / ${number.format(MAX_PROMPT_CHARS)} characters`;
  return over > 0 ? `${line}: ${number.format(over)} too many` : line;
}

/** "1 min 05 s" from milliseconds. */
export function duration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** From creation to completion, or to now for a job still running. */
export function elapsed(job, now = Date.now()) {
  const start = Date.parse(job.created_at);
  const endText = TERMINAL.has(job.status) ? job.completed_at || job.updated_at : null;
  const end = endText ? Date.parse(endText) : now;
  return duration(end - start);
}

export function estimate(job, now = Date.now()) {
  if (TERMINAL.has(job.status) || !job.estimated_completion_at) {
    return null;
  }
  const at = Date.parse(job.estimated_completion_at);
  const time = new Date(at).toLocaleTimeString();
  return at > now ? `about ${time} (in ${duration(at - now)})` : `about ${time} (any moment now)`;
}

/** Nothing more will happen to the job by itself: it ended without a video, or its video is stored. */
export function settled(job) {
  if (!job) return false;
  return job.status === 'failed' || job.status === 'canceled' || Boolean(job.content);
}

export function when(text) {
  return text ? new Date(Date.parse(text)).toLocaleString() : '';
}

const STATUS_WORDS = {
  pending: 'Pending: stored, being sent to the gateway',
  queued: 'Queued at the gateway',
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
};

export function statusWords(job) {
  if (job.status === 'completed' && !job.content) {
    return job.error ? 'Completed; the video could not be stored yet' : 'Completed; storing the video';
  }
  return STATUS_WORDS[job.status] || job.status;
}

const ERROR_WORDS = {
  gateway_rejected: 'The gateway refused the request.',
  gateway_failed: 'The gateway could not make this video.',
  timed_out: 'The video was not finished in time.',
  submission_unknown:
    'It is not known whether the gateway took the request, so it was not sent again (that could bill twice). Retry it if you want a new attempt.',
  download_failed: 'The finished video could not be downloaded into the store.',
};

/** The job's error as a person reads it: what happened, then the service's own sentence. */
export function errorWords(error) {
  if (!error) return null;
  return { summary: ERROR_WORDS[error.code] || 'The job failed.', detail: error.message || '' };
}
