/**
 * The only reader of `process.env`. Everything else receives its configuration as an argument.
 */
import { resolve } from 'node:path'
import { z } from 'zod'
import type { EscalationLevel } from '../common/crisis.ts'
import { defaultEscalationLevels } from '../common/domain.ts'

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  KOMMUN: z
    .string()
    .regex(/^\d{4}$/, 'KOMMUN must be a four-digit kommunkod')
    .default('0581'),
  DEMO_PASSWORD: z.string().min(8).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  REDIS_URL: z.string().optional(),
  BASEMAP_STYLE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
  SECURE_COOKIES: z.enum(['true', 'false', '1', '0']).optional(),
  PUBLIC_ORIGIN: z.string().optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  ESCALATION_LEVELS: z.string().optional(),
})

export interface Config {
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  kommun: string
  demoPassword?: string
  /** Demo mode seeds synthetic content and demo users; never in production. */
  demo: boolean
  production: boolean
  redisUrl?: string
  basemapStyleUrl?: string
  logLevel: 'silent' | 'error' | 'info' | 'debug'
  /** Mark the session cookie Secure: set behind a TLS-terminating proxy (always on in production). */
  secureCookies: boolean
  /**
   * The origins users' browsers reach this server at (`PUBLIC_ORIGIN`, else derived from HOST and
   * PORT): pages of these may make state-changing requests and open sockets.
   */
  publicOrigins: string[]
  /** Origins besides the server's own that may make state-changing requests and open sockets. */
  allowedOrigins: string[]
  /** Where the built client lives; absent in tests that serve no client. */
  clientDir?: string
  /** The municipality's escalation levels (*beredskapsnivåer*), lowest first. */
  escalationLevels: EscalationLevel[]
}

/**
 * `ESCALATION_LEVELS=id=Svenska|English;id2=...`: the municipality's own list, lowest first. Ids are
 * what sessions store, so they keep to lower-case letters, digits, `_` and `-`.
 */
export function parseEscalationLevels(text: string | undefined): EscalationLevel[] {
  if (text === undefined || text.trim() === '') return defaultEscalationLevels.map((l) => ({ ...l }))
  const levels = text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([a-z0-9_-]{1,60})=([^|]+)\|([^|]+)$/.exec(part)
      if (!match)
        throw new Error(`Invalid configuration:\n  ESCALATION_LEVELS: "${part}" is not id=Svenska|English`)
      return { id: match[1]!, sv: match[2]!.trim(), en: match[3]!.trim() }
    })
  if (new Set(levels.map((l) => l.id)).size !== levels.length)
    throw new Error('Invalid configuration:\n  ESCALATION_LEVELS: an id appears twice')
  return levels
}

/**
 * The origins a browser uses for a server listening on `host:port` when no `PUBLIC_ORIGIN` is set:
 * a loopback or wildcard address is reached as both 127.0.0.1 and localhost.
 */
export function defaultPublicOrigins(host: string, port: number): string[] {
  const at = (name: string) => (port === 80 ? `http://${name}` : `http://${name}:${port}`)
  if (['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1'].includes(host))
    return [at('127.0.0.1'), at('localhost')]
  return [at(host.includes(':') ? `[${host}]` : host)]
}

/** A comma-separated list of origins, each as the browser writes it (`scheme://host[:port]`). */
function originList(name: string, text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      try {
        const url = new URL(o)
        if (url.origin === 'null' || !['http:', 'https:'].includes(url.protocol)) throw new Error()
        return url.origin
      } catch {
        throw new Error(
          `Invalid configuration:\n  ${name}: "${o}" is not an origin such as https://lagesbild.kommun.se`,
        )
      }
    })
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const production = e.NODE_ENV === 'production'
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    kommun: e.KOMMUN,
    demoPassword: e.DEMO_PASSWORD,
    demo: !production,
    production,
    redisUrl: e.REDIS_URL,
    basemapStyleUrl: e.BASEMAP_STYLE_URL,
    logLevel: e.LOG_LEVEL,
    secureCookies: e.SECURE_COOKIES === undefined ? production : ['true', '1'].includes(e.SECURE_COOKIES),
    publicOrigins: e.PUBLIC_ORIGIN
      ? originList('PUBLIC_ORIGIN', e.PUBLIC_ORIGIN)
      : defaultPublicOrigins(e.HOST, e.PORT),
    allowedOrigins: originList('ALLOWED_ORIGINS', e.ALLOWED_ORIGINS),
    clientDir: resolve('dist/client'),
    escalationLevels: parseEscalationLevels(e.ESCALATION_LEVELS),
  }
}
