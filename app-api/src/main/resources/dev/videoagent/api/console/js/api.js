// The REST API as the console uses it: the key as a bearer token (never in a URL), and every
// non-2xx answer turned into an ApiError carrying the problem document.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The service answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }

  /** The validation errors of a 400, as [{field, message}]. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

export class Api {
  #key;

  constructor(key) {
    this.#key = key;
  }

  get(path, signal) {
    return this.#call('GET', path, undefined, signal);
  }

  post(path, body) {
    return this.#call('POST', path, body);
  }

  /** Opens a Server-Sent Events stream; the caller reads the body. */
  async openStream(path, lastEventId, signal) {
    const headers = { Authorization: `Bearer ${this.#key}`, Accept: 'text/event-stream' };
    if (lastEventId) {
      headers['Last-Event-ID'] = lastEventId;
    }
    const response = await fetch(path, { headers, signal, cache: 'no-store' });
    if (!response.ok) {
      throw await ApiError.from(response);
    }
    return response;
  }

  async #call(method, path, body, signal) {
    const headers = { Authorization: `Bearer ${this.#key}`, Accept: 'application/json' };
    const init = { method, headers, signal, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
      throw new ApiError(0, { detail: 'The service could not be reached. Is it running?' });
    }
    if (!response.ok) {
      throw await ApiError.from(response);
    }
    return response.status === 204 ? null : response.json();
  }
}

ApiError.from = async function (response) {
  let problem = {};
  try {
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
      problem = await response.json();
    }
  } catch (ignored) {
    // A body that is not a problem document: the status says enough.
  }
  return new ApiError(response.status, problem || {});
};
