/** zod validation for routes, answering a failure in the contract's error shape with the exact fault. */
import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { ZodType } from 'zod'
import { errorBody } from './errors.ts'

export const validate = <Target extends keyof ValidationTargets, Schema extends ZodType>(
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
    return undefined
  })
