/** An error with the status and `{ error, message }` body the API answers with. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
  error: code,
  message,
  ...extra,
});
