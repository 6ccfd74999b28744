/** zod validation for routes, answering a failure in the contract's error shape with the exact fault. */
import { zValidator } from '@hono/zod-validator'
import type { MiddlewareHandler, ValidationTargets } from 'hono'
import type { ZodType } from 'zod'
import { errorBody } from './errors.ts'
import { jsonTextTooDeep, tooDeep } from './json-limits.ts'

/**
 * The path of the first string (value or key) holding a NUL character, or `undefined`. PostgreSQL's
 * text cannot hold NUL, so such a value would fail in the database as a 500; it is refused here as
 * the caller's fault instead, for every route at once.
 */
export function nulPath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : undefined
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key].join('.')
    const found = nulPath(item, [...path, key])
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * zod validation of one part of the request. A JSON body is first checked for its depth on its text
 * (`json-limits.ts`), so a deeply nested body costs one pass and never a deep parse or validation;
 * routes put their permission checks before this, so a caller without the right learns only that.
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) => {
  const validator = zodValidation(target, schema)
  if (target !== 'json') return validator
  const depthFirst: MiddlewareHandler = async (c, next) => {
    // Note: Hono keeps the text read here for the validator's own `json()`.
    if (jsonTextTooDeep(await c.req.text())) throw tooDeep()
    return validator(c, next)
  }
  return depthFirst as typeof validator
}

const zodValidation = <Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) =>
  zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const details = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
      const first = details[0]
      const message = first
        ? `Invalid ${target}: ${first.path ? `${first.path}: ` : ''}${first.message}`
        : `Invalid ${target}`
      return c.json(errorBody('validation_failed', message, details), 400)
    }
    const path = nulPath(result.data)
    if (path !== undefined) {
      const message = 'NUL characters are not allowed'
      return c.json(
        errorBody('validation_failed', `Invalid ${target}: ${path ? `${path}: ` : ''}${message}`, [
          { path, message },
        ]),
        400,
      )
    }
    return undefined
  })
