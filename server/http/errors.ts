/**
 * Errors in the contract's shape. Handlers throw `HttpError`; the app's error handler turns it, and
 * anything unexpected, into JSON without a stack trace or SQL.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorCode } from '../../common/errors.ts'

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new HttpError(400, 'bad_request', message, details)
export const notFound = (message: string) => new HttpError(404, 'not_found', message)

export function errorBody(code: ErrorCode | string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } }
}

/** The app's `onError`: known errors keep their status; anything else is a logged 500. */
export function handleError(err: Error, c: Context, log: (err: unknown) => void) {
  if (err instanceof HttpError) return c.json(errorBody(err.code, err.message, err.details), err.status)
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'bad_request'
    return c.json(errorBody(code, err.message || 'Request refused'), status)
  }
  log(err)
  return c.json(errorBody('internal', 'Internal server error'), 500)
}
