/** The one error family of Forewarn; `onError` maps `code` to an HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  rate_limited: 429,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  /** Header fields the answer must carry (a 401's challenge). */
  headers?: Readonly<Record<string, string>>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFound extends AppError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} does not exist`, { [what.toLowerCase().replace(/ /g, '_')]: id });
  }
}

export class Conflict extends AppError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

export class Invalid extends AppError {
  constructor(message: string, details?: unknown) {
    super('invalid', message, details);
  }
}

export class Unauthorized extends AppError {
  /** `challenge`: the WWW-Authenticate every 401 names (RFC 9110 §11.6.1), the scheme to use. */
  constructor(message = 'A valid bearer token is required', challenge = 'Bearer') {
    super('unauthorized', message);
    this.headers = { 'WWW-Authenticate': challenge };
  }
}
