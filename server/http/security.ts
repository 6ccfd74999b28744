/**
 * Defences every request passes: secure headers with a Content-Security-Policy that needs no inline
 * script, an Origin check on state-changing requests, and rate limits on sign-in and on writes.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible'
import type { AppEnv } from './access.ts'
import { HttpError } from './errors.ts'

/**
 * MapLibre runs its workers from blob: URLs and draws sprites from data: and blob: images; styles
 * are set through the CSSOM, which `style-src 'self'` does not restrict. Nothing is loaded from
 * another origin, so everything else is `'self'`.
 */
export const appSecureHeaders = (extraConnectSrc: readonly string[] = []): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      imgSrc: ["'self'", 'data:', 'blob:'],
      styleSrc: ["'self'"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", ...extraConnectSrc],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: 'same-origin',
  })

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Whether a request's Origin is one this server answers for: its configured public origin
 * (`PUBLIC_ORIGIN`) or one named in `ALLOWED_ORIGINS`, never whatever the Host header says, since a
 * DNS-rebinding page sends its own name as Host and Origin alike. Requests without Origin come from
 * scripts and tools, not from a browser page, which always sends it on POST; those are let through,
 * since the SameSite=Strict cookie is what a cross-site page would need and never gets.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true
  if (origin === 'null') return false
  try {
    return allowed.includes(new URL(origin).origin)
  } catch {
    return false
  }
}

export const originCheck =
  (allowedOrigins: readonly string[]): MiddlewareHandler =>
  async (c, next) => {
    if (STATE_CHANGING.has(c.req.method)) {
      const origin = c.req.header('origin')
      const fetchSite = c.req.header('sec-fetch-site')
      if (!originAllowed(origin, allowedOrigins) || fetchSite === 'cross-site')
        throw new HttpError(403, 'forbidden', 'Cross-origin requests may not change anything')
    }
    await next()
  }

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i

/**
 * The API takes JSON and nothing else: a state-changing request with a body of another type (a
 * form, text, none named) is a 415 before any handler reads it. Forms are also what a cross-site
 * page can send without asking, so this closes that door twice.
 */
export const jsonBodiesOnly: MiddlewareHandler = async (c, next) => {
  if (STATE_CHANGING.has(c.req.method)) {
    const length = c.req.header('content-length')
    // Note: a request built in process (tests, app.request) has a body but no length header.
    const hasBody =
      length !== undefined
        ? length !== '0'
        : c.req.header('transfer-encoding') !== undefined ||
          (c.req.raw.body !== null && c.req.header('content-type') !== undefined)
    if (hasBody && !JSON_TYPE.test(c.req.header('content-type') ?? ''))
      throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json')
  }
  await next()
}

/** The client's address as the socket saw it (no proxy headers are trusted). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

export interface RateLimits {
  /** Failed sign-ins per username and address before that pair must wait. */
  loginFailures: RateLimiterAbstract
  /** Sign-in attempts per address, good or bad. */
  loginAttempts: RateLimiterAbstract
  /** Writes per user. */
  writes: RateLimiterAbstract
}

export interface RateLimitSettings {
  loginFailuresPer15Min?: number
  loginAttemptsPer15Min?: number
  writesPerMinute?: number
}

/**
 * The limiters, in memory for one process. With `redis` (a node-redis client, when `REDIS_URL` joins
 * several processes) the counts live in Redis, so a user cannot multiply the limits by the number
 * of processes behind the load balancer; the memory limiter stands in while Redis is unreachable.
 */
export function createRateLimits(settings: RateLimitSettings = {}, redis?: unknown): RateLimits {
  const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration })
    if (!redis) return memory
    return new RateLimiterRedis({
      storeClient: redis,
      useRedisPackage: true,
      keyPrefix: `lagesbild:${keyPrefix}`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    })
  }
  return {
    loginFailures: limiter('login-fail', settings.loginFailuresPer15Min ?? 5, 15 * 60),
    loginAttempts: limiter('login', settings.loginAttemptsPer15Min ?? 100, 15 * 60),
    writes: limiter('write', settings.writesPerMinute ?? 300, 60),
  }
}

/** A limiter's wait in whole seconds, at least one: what Retry-After and the refusal both say. */
const waitSeconds = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 1000))

/** The refusal past a rate limit: 429 `rate_limited`, saying how many seconds to wait. */
export function rateLimited(msBeforeNext: number, what: string): HttpError {
  const seconds = waitSeconds(msBeforeNext)
  return new HttpError(429, 'rate_limited', `Too many ${what}; try again in ${seconds} s`, {
    retryAfterSeconds: seconds,
  })
}

/** `rateLimited` for an HTTP answer, which also carries the wait in Retry-After. */
export function tooManyRequests(c: Context, msBeforeNext: number, what: string): HttpError {
  c.header('Retry-After', String(waitSeconds(msBeforeNext)))
  return rateLimited(msBeforeNext, what)
}

/**
 * Takes one point from a limiter, or throws `rateLimited`; over HTTP (`c` given) the answer also
 * carries Retry-After. Sockets have no headers: the refusal's details say the wait.
 */
export async function consumePoint(
  limiter: RateLimiterAbstract,
  key: string,
  what: string,
  c?: Context,
): Promise<void> {
  try {
    await limiter.consume(key)
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection
    throw c ? tooManyRequests(c, rejection.msBeforeNext, what) : rateLimited(rejection.msBeforeNext, what)
  }
}

/** Limits state-changing requests per signed-in user. */
export const writeLimit =
  (limits: RateLimits): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (STATE_CHANGING.has(c.req.method))
      await consumePoint(limits.writes, c.get('access').userId, 'writes', c)
    await next()
  }
