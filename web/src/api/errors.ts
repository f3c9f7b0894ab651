// The REST API's error shape (scm-api.md §3.6): any status >= 400 carries
// {"code": <negative int>, "description": "<message>"}.

/** SCM error codes the console reacts to. */
export const ErrorCodes = {
  unknownUser: -16, // 401: bad login, locked, suspended, session expired
  notAuthorized: -3,
  passwordMustChange: -976,
  passwordExpired: -977,
  passwordPolicy: -7306,
  missingField: -7,
  invalidField: -1601,
  notReady: 0, // collect before issuance: "Being processed by Sectigo"
} as const;

/** An answer of the API that is not a success, or a request that never got one. */
export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** SCM error code; -1 when the body had none. */
  readonly code: number;
  /** The text the API means for a person, shown as it is. */
  readonly description: string;
  /** Seconds to wait before asking again (Retry-After of a 429 or 503), when the server said. */
  readonly retryAfterSeconds?: number;

  constructor(status: number, code: number, description: string, retryAfterSeconds?: number) {
    super(description);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.description = description;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  get mustChangePassword(): boolean {
    return this.code === ErrorCodes.passwordMustChange || this.code === ErrorCodes.passwordExpired;
  }
}

/** The ApiError for a failed response's status and body text (and its Retry-After, read). */
export function parseErrorBody(status: number, statusText: string, body: string, retryAfterSeconds?: number): ApiError {
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') {
        const { code, description } = parsed as { code?: unknown; description?: unknown };
        if (typeof description === 'string') {
          return new ApiError(status, typeof code === 'number' ? code : -1, description, retryAfterSeconds);
        }
      }
    } catch {
      // Not JSON after all: fall through to the plain text.
    }
  }
  const fallback = text && text.length <= 300 && !text.startsWith('<') ? text : '';
  return new ApiError(status, -1, fallback || `The server answered ${status} ${statusText}`.trim(), retryAfterSeconds);
}

/** An error for a request that got no answer at all (network down, server stopped). */
export function networkError(cause: unknown): ApiError {
  const why = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new ApiError(0, -1, `The server could not be reached${why}. Check your connection and try again.`);
}

// "orgId is required but missing", "name: at most 256 characters",
// "credentials.role: 'X' is not a role".
const kRequired = /^([A-Za-z][A-Za-z0-9]*) is required but missing/;
const kInvalid = /^([A-Za-z][A-Za-z0-9]*)(?:\.[A-Za-z0-9.]+)?: /;

/**
 * The form field an error is about, when its description names one of `fields`
 * (or, for a password-policy error, the form's password field); else undefined, and
 * the error belongs in a banner.
 */
export function fieldOfError(error: ApiError, fields: readonly string[]): string | undefined {
  if (error.code === ErrorCodes.passwordPolicy) {
    return fields.find((f) => f === 'newPassword' || f === 'password');
  }
  const m = kRequired.exec(error.description) ?? kInvalid.exec(error.description);
  if (m && fields.includes(m[1])) return m[1];
  return undefined;
}
