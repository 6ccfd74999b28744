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

/** The rooms every socket joins, so ending sessions can drop their sockets on any process. */
export const userRoom = (userId: string) => `user:${userId}`
export const sessionRoom = (tokenHash: string) => `session:${tokenHash}`

/** What the HTTP side tells the realtime side when sessions end (sign-out, revocation, disabling). */
export interface SessionEvents {
  sessionsEnded(target: { userId: string } | { tokenHash: string }): void
}

/**
 * Drops the sockets of ended sessions at once, through the adapter so that it reaches every
 * process. A dropped client that still has a live session (another tab) reconnects by itself.
 */
export function liveSessionEvents(io: Server): SessionEvents {
  return {
    sessionsEnded(target) {
      const room = 'userId' in target ? userRoom(target.userId) : sessionRoom(target.tokenHash)
      io.of(LIVE_NAMESPACE).in(room).disconnectSockets(true)
    },
  }
}

export function attachLive(io: Server, db: Database): void {
  const live = io.of(LIVE_NAMESPACE)
  live.on('connection', (socket) => {
    const data = socket.data as LiveSocketData
    void socket.join([userRoom(data.access.userId), sessionRoom(data.sessionTokenHash)])
  })
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
