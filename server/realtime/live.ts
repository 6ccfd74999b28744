/**
 * The socket.io side: namespace `/live`. The handshake is authenticated by the same session cookie
 * as HTTP and checked for its Origin like any state-changing request; a refused handshake gets a
 * `connect_error`. Each socket keeps the `Access` of its user in `socket.data.access`.
 */
import type { IncomingMessage } from 'node:http'
import { parse } from 'hono/utils/cookie'
import type { Server, Socket } from 'socket.io'
import type { Database } from '../../db/client.ts'
import { resolveSession, SESSION_COOKIE } from '../auth/accounts.ts'
import type { Access } from '../http/access.ts'
import { originAllowed } from '../http/security.ts'

export const LIVE_NAMESPACE = '/live'

export interface LiveSocketData {
  access: Access
  sessionTokenHash: string
}

export type LiveSocket = Socket<
  Record<string, never>,
  Record<string, never>,
  Record<string, never>,
  LiveSocketData
>

/** socket.io's `allowRequest`: refuses a handshake from a page of another origin. */
export const allowSameOrigin =
  (allowedOrigins: readonly string[]) =>
  (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const ok = originAllowed(req.headers.origin, req.headers.host, allowedOrigins)
    callback(ok ? null : 'cross-origin handshake refused', ok)
  }

export function attachLive(io: Server, db: Database): void {
  const live = io.of(LIVE_NAMESPACE)
  live.use(async (socket, next) => {
    try {
      const cookies = parse(socket.handshake.headers.cookie ?? '', SESSION_COOKIE)
      const session = await resolveSession(db.orm, cookies[SESSION_COOKIE])
      if (!session) return next(new Error('unauthorized'))
      const data = socket.data as LiveSocketData
      data.access = session.access
      data.sessionTokenHash = session.tokenHash
      next()
    } catch {
      next(new Error('unavailable'))
    }
  })
}
