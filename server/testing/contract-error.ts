/** Test helper: asserts an answer is an error in the contract's shape and gives nothing away. */
import { expect } from 'vitest'
import { ApiError } from '../../common/errors.ts'

/**
 * What must never reach a caller: a stack frame, SQL, a database error or a driver's name. Error
 * messages may quote the caller's own input (`No layer named …`), so that input is taken out of the
 * body before these are looked for.
 */
const leaks = [
  /\bat \S+ \(?[^\s)]+\.[cm]?[jt]s:\d+/, // a stack frame
  /node_modules|file:\/\//,
  /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b[\s\S]*\b(FROM|VALUES|WHERE)\b/,
  /syntax error at or near|violates .* constraint|invalid input syntax|unterminated|PostgresError|PGlite|drizzle/i,
]

export interface ErrorExpectation {
  /** Names the case in failure messages. */
  what?: string
  /** The caller's own strings, which a message may quote back. */
  echoes?: readonly string[]
}

/** Asserts `status` with a body `{"error":{"code","message","details"?}}` and returns the error. */
export async function expectContractError(
  res: Response,
  status: number,
  { what = '', echoes = [] }: ErrorExpectation = {},
): Promise<ApiError['error']> {
  const text = await res.text()
  expect(res.status, `${what} answered ${res.status}: ${text.slice(0, 300)}`).toBe(status)
  expect(res.headers.get('content-type') ?? '', `${what}: content type`).toMatch(/^application\/json/)
  const parsed = ApiError.safeParse(JSON.parse(text))
  expect(parsed.success, `${what}: error shape of ${text.slice(0, 300)}`).toBe(true)
  const error = (parsed as { data: ApiError }).data.error
  expect(error.code.length, what).toBeGreaterThan(0)
  expect(error.message.length, what).toBeGreaterThan(0)
  let own = text
  for (const echo of echoes) if (echo) own = own.split(JSON.stringify(echo).slice(1, -1)).join('«input»')
  for (const leak of leaks) expect(own, `${what}: leaks ${leak}`).not.toMatch(leak)
  return error
}
