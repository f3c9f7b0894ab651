// The one way the console talks to certkeep: same-origin fetch with the session cookie,
// the CSRF token on every state-changing call, SCM error bodies turned into ApiError,
// and a 401 anywhere reported once so the app can return to the login page.

import { retryAfterSeconds } from '../lib/retryAfter';
import { ApiError, networkError, parseErrorBody } from './errors';
import { toQueryString, type Query } from './query';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** The Accept header; application/json unless the call wants a file (text/csv). */
  accept?: string;
  /**
   * False for calls whose 401 is an answer, not an expired session: signing in, and
   * the first look at whether a session exists.
   */
  reportUnauthorized?: boolean;
}

/** A list page: the items and the total from `X-Total-Count`. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** A downloaded file. */
export interface Download {
  blob: Blob;
  fileName: string;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Prefix of every path; '' for the same origin. */
  baseUrl?: string;
  /** Called on a 401 from any call that reports them (the session is gone). */
  onUnauthorized?: (error: ApiError) => void;
  /** Called when the API refuses a call until the password is changed (-976, -977). */
  onPasswordChangeRequired?: (error: ApiError) => void;
}

const kSafeMethods: ReadonlySet<Method> = new Set(['GET', 'HEAD']);

export class ApiClient {
  private csrfToken = '';
  private readonly fetchFn: typeof fetch;
  private readonly baseUrl: string;
  private readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions = {}) {
    this.options = options;
    // Bound, because window.fetch called as a method of another object throws.
    const f = options.fetch ?? globalThis.fetch;
    this.fetchFn = (input, init) => f(input, init);
    this.baseUrl = options.baseUrl ?? '';
  }

  /** The token of the current session (from POST or GET /api/session/v1); '' when none. */
  setCsrfToken(token: string): void {
    this.csrfToken = token;
  }

  /** The raw response of a successful call; throws ApiError otherwise. */
  async send(method: Method, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (!kSafeMethods.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchFn(this.baseUrl + path + toQueryString(options.query), {
        method,
        headers,
        body,
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (cause) {
      throw networkError(cause);
    }
    if (response.ok) return response;
    const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'), new Date());
    const error = parseErrorBody(response.status, response.statusText, await safeText(response), retryAfter);
    if (error.isUnauthorized && options.reportUnauthorized !== false) {
      this.options.onUnauthorized?.(error);
    } else if (error.mustChangePassword) {
      this.options.onPasswordChangeRequired?.(error);
    }
    throw error;
  }

  /** The JSON body of a call (undefined for an empty body, as 204 has). */
  async json<T>(method: Method, path: string, options?: RequestOptions): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await safeText(response);
    return (text.trim() ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('GET', path, { query });
  }

  /** A list page with its total (X-Total-Count; the page length when it is missing). */
  async page<T>(path: string, query?: Query): Promise<Page<T>> {
    const response = await this.send('GET', path, { query });
    const items = ((await response.json()) ?? []) as T[];
    return { items, total: totalOf(response.headers, items.length) };
  }

  post<T = void>(path: string, body?: unknown): Promise<T> {
    return this.json<T>('POST', path, { body });
  }

  put<T = void>(path: string, body?: unknown): Promise<T> {
    return this.json<T>('PUT', path, { body });
  }

  delete(path: string, body?: unknown): Promise<void> {
    return this.json<void>('DELETE', path, { body });
  }

  /** POST that answers 201 with a Location: the new object's id. */
  async create(path: string, body: unknown): Promise<number> {
    const response = await this.send('POST', path, { body });
    return idFromLocation(response.headers.get('Location'));
  }

  /** A file (collect): its bytes and the name from Content-Disposition. */
  async download(path: string, fallbackName: string): Promise<Download> {
    const response = await this.send('GET', path);
    const fileName = fileNameOf(response.headers.get('Content-Disposition')) ?? fallbackName;
    return { blob: await response.blob(), fileName };
  }
}

async function safeText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}

/** X-Total-Count as a number, or `fallback`. */
export function totalOf(headers: Headers, fallback: number): number {
  const n = Number.parseInt(headers.get('X-Total-Count') ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** The numeric id at the end of a 201's Location (scm-api.md §3.9); 0 when absent. */
export function idFromLocation(location: string | null): number {
  const m = /\/(\d+)\/?$/.exec(location ?? '');
  return m ? Number(m[1]) : 0;
}

/** The file name of `Content-Disposition: attachment; filename="x.pem"`. */
export function fileNameOf(disposition: string | null): string | undefined {
  const m = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return m ? m[1] : undefined;
}
