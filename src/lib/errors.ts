/**
 * The one error type services throw. `code` is stable and machine-readable
 * (clients switch on it); `message` is for humans; `status` is the HTTP status.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, code = 'not_found') =>
  new AppError(code, `${what} not found`, 404);

export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, message, 409, details);

export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError('forbidden', message, 403);

export const unauthenticated = (message = 'Sign in to continue') =>
  new AppError('unauthenticated', message, 401);
