/**
 * Limits on JSON checked before anything parses it deep or validates it: a body or a socket
 * message nested deeper than any shape of the API is refused as the caller's fault at the cost of
 * one pass over its text, instead of costing recursion in validation (or overflowing the stack).
 */
import { HttpError } from './errors.ts'

/** The deepest nesting of objects and arrays any request of the API needs is about ten; this leaves room. */
export const MAX_JSON_DEPTH = 64

export const tooDeep = () =>
  new HttpError(400, 'validation_failed', `JSON may be nested at most ${MAX_JSON_DEPTH} levels deep`, {
    maxDepth: MAX_JSON_DEPTH,
  })

/**
 * Whether JSON text opens more than `max` objects or arrays inside each other, by one pass over the
 * text that skips strings; malformed text is left to the parser, which refuses it.
 */
export function jsonTextTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // a backslash escapes the next character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}

/**
 * Whether a parsed value (a socket message, which socket.io has parsed already) nests objects and
 * arrays more than `max` deep; iterative, and it stops at the first level too many.
 */
export function valueTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!
    if (item === null || typeof item !== 'object') continue
    if (depth + 1 > max) return true
    for (const child of Object.values(item))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
  }
  return false
}
