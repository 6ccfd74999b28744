/**
 * The socket.io side: namespace `/live`. The handshake is authenticated by the same session cookie
 * as HTTP and checked for its Origin like any state-changing request; a refused handshake gets a
 * `connect_error`. Each socket keeps the `Access` of its user in `socket.data.access`. The crisis
 * session's events are wired in `crisis-live.ts`.
 */
import type { IncomingMessage } from 'node:http'
import { parse } from 'hono/utils/cookie'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Namespace, Server } from 'socket.io'
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/crisis-events.ts'
import { defaultEscalationLevels } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { resolveSession, SESSION_COOKIE } from '../auth/accounts.ts'
import { SessionRooms } from '../crisis/session-room.ts'
import type { Access } from '../http/access.ts'
import { originAllowed } from '../http/security.ts'
import {
  attachCrisisEvents,
  type CrisisSocketData,
  createCommandLimit,
  crisisChannel,
  roleRoom,
} from './crisis-live.ts'

export const LIVE_NAMESPACE = '/live'

export interface LiveSocketData extends CrisisSocketData {
  access: Access
  sessionTokenHash: string
}

export type LiveNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>

/** The largest message a socket may send: a change of many annotations fits, a flood does not. */
export const MAX_SOCKET_MESSAGE_BYTES = 1024 * 1024

/**
 * socket.io's `allowRequest`: refuses a handshake from a page of an origin other than the server's
 * public ones and `ALLOWED_ORIGINS` (the list is read at each handshake).
 */
export const allowSameOrigin =
  (allowedOrigins: readonly string[]) =>
  (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const ok = originAllowed(req.headers.origin, allowedOrigins)
    callback(ok ? null : 'cross-origin handshake refused', ok)
  }

/** The rooms every socket joins, so ending sessions can drop their sockets on any process. */
export const userRoom = (userId: string) => `user:${userId}`
export const sessionRoom = (tokenHash: string) => `session:${tokenHash}`

/**
 * What the HTTP side tells the realtime side when sessions end (sign-out, revocation, disabling)
 * and when a user's rights change (role, organisation), which a socket holds from its handshake.
 */
export interface SessionEvents {
  sessionsEnded(target: { userId: string } | { tokenHash: string }): void
  rightsChanged(target: { userId: string }): void
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
    // Note: a socket keeps the rights of its handshake, so a change of role or organisation drops
    // the user's sockets on every process; the client connects again at once and gets the new rights
    // (or is refused, when the change ended its sessions).
    rightsChanged({ userId }) {
      io.of(LIVE_NAMESPACE).in(userRoom(userId)).disconnectSockets(true)
    },
  }
}

export interface LiveOptions {
  /**
   * The crisis rooms the HTTP app also uses, so REST changes and socket changes share one queue per
   * room; their broadcasts are sent through this server from now on. Made here when absent.
   */
  rooms?: SessionRooms
  log?: (err: unknown) => void
  /** Commands per user on this process; `createCommandLimit()` when absent. */
  commandLimit?: RateLimiterAbstract
}

export function attachLive(io: Server, db: Database, options: LiveOptions = {}): SessionRooms {
  const live = io.of(LIVE_NAMESPACE) as unknown as LiveNamespace
  const rooms = options.rooms ?? new SessionRooms({ db, escalationLevels: defaultEscalationLevels })
  rooms.broadcastThrough(crisisChannel(live))
  const log = options.log ?? console.error
  const commandLimit = options.commandLimit ?? createCommandLimit()
  live.on('connection', (socket) => {
    const data = socket.data
    void socket.join([
      userRoom(data.access.userId),
      sessionRoom(data.sessionTokenHash),
      roleRoom(data.access.role),
    ])
    attachCrisisEvents(live, socket as never, { rooms, log, commandLimit })
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
  return rooms
}
