/**
 * The crisis session's events on `/live` (common/crisis-events.ts): joining and leaving a room,
 * pushing annotations, writing the log, presence and the presenter. The room service decides
 * everything; this file only reads the socket's arguments, answers through the ack and tells the
 * room who is online.
 *
 * Sockets take whatever a client sends, so nothing here trusts the shape of an argument: every
 * command is parsed with its zod schema, a command without an ack function is ignored, and any
 * refusal is answered `{ok: false, error: {code, message, details?}}`, never thrown.
 */
import { type RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible'
import { z } from 'zod'
import {
  AnnotationPush,
  LogAppend,
  LogUpdate,
  PresenceUpdate,
  participantColour,
  type RosterEntry,
} from '../../common/crisis.ts'
import type { AckError, ClientToServerEvents, ServerToClientEvents } from '../../common/crisis-events.ts'
import { Role } from '../../common/domain.ts'
import { rosterEntrySeenBy, rosterOf } from '../crisis/roster.ts'
import type { PerReader, RoomChannel, SessionRooms } from '../crisis/session-room.ts'
import type { Access } from '../http/access.ts'
import { HttpError } from '../http/errors.ts'
import { tooDeep, valueTooDeep } from '../http/json-limits.ts'
import { consumePoint } from '../http/security.ts'
import { nulPath } from '../http/validate.ts'

/** The socket.io room of a crisis session. */
export const crisisRoom = (sessionId: string) => `crisis:${sessionId}`

/**
 * The room of every socket of a role: what a member may see of joined rows depends on the role, so
 * an event carrying them goes to each role's members with their own version.
 */
export const roleRoom = (role: Role) => `role:${role}`

/** Presence is sent on at most this often per socket; the latest state always goes out in the end. */
export const PRESENCE_INTERVAL_MS = 50

export interface CrisisSocketData {
  access: Access
  sessionTokenHash: string
  /** The session this socket has joined (one at a time). */
  crisisSessionId?: string
}

type Emitter = {
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): boolean
}
type Excepting = Emitter & { except(rooms: string | string[]): Emitter }
type Members = {
  fetchSockets(): Promise<{ id: string; data: CrisisSocketData; leave(room: string): void }[]>
}

/** The parts of socket.io this module uses, typed by the event maps (a `Namespace` fits). */
interface LiveNamespace {
  to(room: string): Excepting
  in(room: string): Members & { timeout(ms: number): Members }
  local: { in(room: string): Members }
}

/** How long to wait for the other processes to say who is in a room. */
const MEMBERS_TIMEOUT_MS = 2000

/**
 * The sockets in a room on every process. A process that was just stopped is still counted as a
 * member of the cluster for a few seconds and never answers; then this process's own sockets have
 * to do, rather than refusing a join while the cluster notices.
 */
async function membersOf(live: LiveNamespace, room: string) {
  try {
    return await live.in(room).timeout(MEMBERS_TIMEOUT_MS).fetchSockets()
  } catch {
    return live.local.in(room).fetchSockets()
  }
}

interface CrisisSocket {
  id: string
  data: CrisisSocketData
  /** The rooms the socket is in now: a withdrawn invitation takes it out of the session's room. */
  rooms: ReadonlySet<string>
  on(event: string, listener: (...args: unknown[]) => void): unknown
  join(room: string): Promise<void> | void
  leave(room: string): Promise<void> | void
  to(room: string): {
    emit<E extends keyof ServerToClientEvents>(
      event: E,
      ...args: Parameters<ServerToClientEvents[E]>
    ): boolean
    except(rooms: string | string[]): Emitter
    volatile: {
      emit<E extends keyof ServerToClientEvents>(
        event: E,
        ...args: Parameters<ServerToClientEvents[E]>
      ): boolean
    }
  }
}

/**
 * Sends `payload` to the members `to` reaches, each role its own version: roles whose versions are
 * the same share one message, sent to all but the other roles' rooms.
 */
export function emitPerReader<E extends keyof ServerToClientEvents>(
  to: (exceptRooms: string[]) => Emitter,
  event: E,
  payload: PerReader<Parameters<ServerToClientEvents[E]>[0]>,
): void {
  const send = (target: Emitter, value: unknown) =>
    target.emit(event, ...([value] as unknown as Parameters<ServerToClientEvents[E]>))
  if (!(payload !== null && typeof payload === 'object' && 'perRole' in payload)) {
    send(to([]), payload)
    return
  }
  const versions = new Map<string, { value: unknown; roles: Role[] }>()
  for (const role of Role.options) {
    const value = payload.perRole(role)
    const key = JSON.stringify(value)
    const version = versions.get(key)
    if (version) version.roles.push(role)
    else versions.set(key, { value, roles: [role] })
  }
  for (const { value, roles } of versions.values())
    send(to(Role.options.filter((r) => !roles.includes(r)).map(roleRoom)), value)
}

/** The room's channel through socket.io: through the adapter, so it reaches every process. */
export function crisisChannel(live: LiveNamespace): RoomChannel {
  return {
    emit(sessionId, event, payload, except) {
      const room = crisisRoom(sessionId)
      emitPerReader((rooms) => live.to(room).except(except ? [...rooms, except] : rooms), event, payload)
    },
    async evict(sessionId, keep) {
      const room = crisisRoom(sessionId)
      const gone = new Set<string>()
      for (const socket of await membersOf(live, room)) {
        if (await keep(socket.data.access)) continue
        socket.leave(room)
        gone.add(socket.data.access.userId)
      }
      for (const userId of gone) live.to(room).emit('participant:left', { userId })
    },
  }
}

const JoinRequest = z
  .object({ sessionId: z.uuid(), sinceSeq: z.number().int().nonnegative().optional() })
  .strict()
const PresenterRequest = z.object({ on: z.boolean() }).strict()

type Reply = (answer: unknown) => void

/** A refusal as an ack carries it; anything unexpected is logged and answered `internal`. */
export function refusal(err: unknown, log: (err: unknown) => void): AckError {
  if (err instanceof HttpError)
    return {
      ok: false,
      error:
        err.details === undefined
          ? { code: err.code, message: err.message }
          : {
              code: err.code,
              message: err.message,
              details: err.details,
            },
    }
  log(err)
  return { ok: false, error: { code: 'internal', message: 'Internal server error' } }
}

/** Parses a command's argument, refusing it in the same words as a REST body would be. */
export function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value)
  if (!result.success) {
    const details = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    const first = details[0]
    throw new HttpError(
      400,
      'validation_failed',
      first ? `Invalid ${what}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `Invalid ${what}`,
      details,
    )
  }
  const nul = nulPath(result.data)
  if (nul !== undefined)
    throw new HttpError(
      400,
      'validation_failed',
      `Invalid ${what}: ${nul ? `${nul}: ` : ''}NUL characters are not allowed`,
      [{ path: nul, message: 'NUL characters are not allowed' }],
    )
  return result.data
}

export interface CrisisLiveDeps {
  rooms: SessionRooms
  log: (err: unknown) => void
  /** Commands per user on this process (presence aside); beyond it a command is refused `rate_limited`. */
  commandLimit?: RateLimiterAbstract
}

/**
 * A person at a staff meeting sends a few commands a second at most; a script that imports puts up
 * to 500 annotations in one change. The limit keeps a runaway client from monopolising a room's queue.
 */
export const createCommandLimit = (points = 200, seconds = 10): RateLimiterAbstract =>
  new RateLimiterMemory({ keyPrefix: 'live-commands', points, duration: seconds })

/** Wires one connected socket's crisis events. */
export function attachCrisisEvents(
  live: LiveNamespace,
  socket: CrisisSocket,
  { rooms, log, commandLimit }: CrisisLiveDeps,
): void {
  const data = socket.data
  const access = data.access

  /** Registers a command: its argument first, its ack last; without an ack it is ignored. */
  const command = (
    event: keyof ClientToServerEvents,
    handler: (argument: unknown, reply: Reply) => Promise<void>,
    { ackOptional = false } = {},
  ) => {
    socket.on(event, (...args: unknown[]) => {
      const last = args[args.length - 1]
      const ack = typeof last === 'function' ? (last as Reply) : undefined
      if (!ack && !ackOptional) return
      const argument = ack ? (args.length > 1 ? args[0] : undefined) : args[0]
      let answered = false
      const reply: Reply = (answer) => {
        if (answered) return
        answered = true
        try {
          ack?.(answer)
        } catch (err) {
          log(err)
        }
      }
      // Note: the depth is checked before the rate limit and the handler's zod schema, as REST checks
      // a body's depth before validating it.
      if (valueTooDeep(argument)) {
        reply(refusal(tooDeep(), log))
        return
      }
      const limited = commandLimit ? consumePoint(commandLimit, access.userId, 'commands') : Promise.resolve()
      limited.then(() => handler(argument, reply)).catch((err) => reply(refusal(err, log)))
    })
  }

  /**
   * The session this socket has joined and is still in, or a refusal: every command but join needs
   * one. A socket taken out of the room (its invitation withdrawn, on any process) must join again.
   */
  const joined = (): string => {
    const sessionId = data.crisisSessionId
    if (!sessionId || !socket.rooms.has(crisisRoom(sessionId)))
      throw new HttpError(400, 'bad_request', 'Join a session first (session:join)')
    return sessionId
  }

  const onlineUsers = async (sessionId: string): Promise<Set<string>> =>
    new Set((await membersOf(live, crisisRoom(sessionId))).map((s) => s.data.access.userId))

  /** After this socket left: tells the room the user left when it was their last socket there. */
  const departed = async (sessionId: string) => {
    const still = await onlineUsers(sessionId)
    if (still.has(access.userId)) return
    live.to(crisisRoom(sessionId)).emit('participant:left', { userId: access.userId })
    await rooms.presenterLeft(sessionId, access.userId)
  }

  const leave = async (sessionId: string) => {
    await socket.leave(crisisRoom(sessionId))
    if (data.crisisSessionId === sessionId) data.crisisSessionId = undefined
    await departed(sessionId)
  }

  command('session:join', async (argument, reply) => {
    const { sessionId, sinceSeq } = parsed(JoinRequest, argument, 'session:join')
    const previous = data.crisisSessionId
    // Note: who is online is asked of every process before the room's queue is entered, so a slow
    // or stopped process does not hold up the room's changes; the joining socket adds itself.
    const online = await onlineUsers(sessionId)
    const firstSocket = previous !== sessionId && !online.has(access.userId)
    online.add(access.userId)
    // Note: the read, the join and the ack happen in the room's queue, so no change of this process
    // falls between them; a change from another process may arrive before the ack, and its seq
    // tells the client where it belongs.
    await rooms.enqueue(sessionId, async () => {
      const state = await rooms.readRoom(access, sessionId, sinceSeq)
      await socket.join(crisisRoom(sessionId))
      data.crisisSessionId = sessionId
      const roster = await rosterOf(
        rooms.db.orm,
        state.row,
        state.invitations.map((i) => i.participant),
        online,
      )
      const participants: RosterEntry[] = roster.map((r) => rosterEntrySeenBy(access, r))
      reply({
        ok: true,
        seq: state.seq,
        annotations: state.annotations,
        log: state.log,
        participants,
        session: state.session,
        ...(state.reset ? { reset: true } : {}),
      })
      const own = firstSocket && roster.find((r) => r.entry.userId === access.userId)
      if (own)
        emitPerReader((rooms) => socket.to(crisisRoom(sessionId)).except(rooms), 'participant:joined', {
          perRole: (role) => rosterEntrySeenBy({ role }, own),
        })
    })
    if (previous && previous !== sessionId) await leave(previous)
  })

  command(
    'session:leave',
    async (_argument, reply) => {
      const sessionId = data.crisisSessionId
      if (sessionId) await leave(sessionId)
      reply({ ok: true })
    },
    { ackOptional: true },
  )

  command('annotation:push', async (argument, reply) => {
    const push = parsed(AnnotationPush, argument, 'annotation:push')
    await rooms.pushAnnotations(access, joined(), push, {
      except: socket.id,
      beforeBroadcast: ({ seq, at }) => reply({ ok: true, seq, at }),
    })
  })

  command('log:append', async (argument, reply) => {
    const append = parsed(LogAppend, argument, 'log:append')
    const applied = await rooms.appendLog(access, joined(), append, { except: socket.id })
    reply({ ok: true, seq: applied.seq, entry: applied.value })
  })

  command('log:update', async (argument, reply) => {
    const update = parsed(LogUpdate, argument, 'log:update')
    const applied = await rooms.updateLog(access, joined(), update, { except: socket.id })
    reply({ ok: true, seq: applied.seq, entry: applied.value })
  })

  command('presenter:set', async (argument, reply) => {
    const { on } = parsed(PresenterRequest, argument, 'presenter:set')
    const { presenterId } = await rooms.setPresenter(access, joined(), on, { except: socket.id })
    reply({ ok: true, presenterId })
  })

  // Presence: volatile and never stored. Updates closer together than the interval are merged, and
  // the merged state goes out when the interval ends, so the last cursor position is never lost.
  let pending: PresenceUpdate | undefined
  let lastSent = 0
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    timer = undefined
    const sessionId = data.crisisSessionId
    if (!pending || !sessionId || !socket.rooms.has(crisisRoom(sessionId))) return
    const presence = pending
    pending = undefined
    lastSent = Date.now()
    socket.to(crisisRoom(sessionId)).volatile.emit('presence:changed', {
      ...presence,
      userId: access.userId,
      colour: participantColour(access.userId),
    })
  }
  socket.on('presence:update', (...args: unknown[]) => {
    if (valueTooDeep(args[0])) return
    const result = PresenceUpdate.safeParse(args[0])
    if (!result.success || !data.crisisSessionId) return
    pending = { ...pending, ...result.data }
    const wait = lastSent + PRESENCE_INTERVAL_MS - Date.now()
    if (wait <= 0) flush()
    else timer ??= setTimeout(flush, wait)
  })

  socket.on('disconnect', (reason: unknown) => {
    if (timer) clearTimeout(timer)
    const sessionId = data.crisisSessionId
    // Note: a process shutting down leaves the presenter and the roster to the processes that stay
    // (and its database is about to close); its clients reconnect elsewhere.
    if (!sessionId || reason === 'server shutting down') return
    data.crisisSessionId = undefined
    // Note: by now socket.io has taken the socket out of its rooms, so it no longer counts as online.
    departed(sessionId).catch(log)
  })
}
