/**
 * Connects a crisis session for React: one `SessionSync` (common/session-sync.ts) over a socket.io
 * connection to `/live`, and the parts of its picture the panels show, as React state. The map
 * module subscribes to the same `SessionSync` itself, so annotations never pass through React.
 */
import { useEffect, useState } from 'react'
import { io, type Socket } from 'socket.io-client'
import type { LogEntry, RosterEntry, SessionDetail } from '../../common/crisis.ts'
import type { AckError, ClientToServerEvents, ServerToClientEvents } from '../../common/crisis-events.ts'
import { SessionSync, type SyncSocket, type SyncStatus } from '../../common/session-sync.ts'
import { reportSessionEnded } from '../api/api-client.ts'

/** `connecting` until the first join has answered; then what the sync engine says. */
export type ConnectionStatus = SyncStatus | 'connecting'

export interface LiveSession {
  sync: SessionSync | null
  status: ConnectionStatus
  /** The session as the room last described it, with the caller's rights; null before the join. */
  session: SessionDetail | null
  log: LogEntry[]
  roster: RosterEntry[]
  presenterId: string | null
  canUndo: boolean
  canRedo: boolean
  /** The room refused the join itself (not found, no right to read it). */
  joinError: AckError['error'] | null
}

const initial: Omit<LiveSession, 'sync'> = {
  status: 'connecting',
  session: null,
  log: [],
  roster: [],
  presenterId: null,
  canUndo: false,
  canRedo: false,
  joinError: null,
}

export function useSessionSync(sessionId: string, user: { id: string; username: string }): LiveSession {
  const [sync, setSync] = useState<SessionSync | null>(null)
  const [state, setState] = useState(initial)

  useEffect(() => {
    const engine = new SessionSync({ sessionId, user: { userId: user.id, username: user.username } })
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io('/live', {
      withCredentials: true,
      transports: ['websocket', 'polling'],
    })
    let joinedOnce = false
    const update = (patch: Partial<Omit<LiveSession, 'sync'>>) => setState((prev) => ({ ...prev, ...patch }))
    const offs = [
      engine.on('status', (status) => {
        if (status === 'connected') joinedOnce = true
        update({ status: joinedOnce || status === 'offline' ? status : 'connecting' })
      }),
      engine.on('session', (session) =>
        update({ session: { ...session }, presenterId: session.presenterId, joinError: null }),
      ),
      engine.on('log', (log) => update({ log: [...log.values()] })),
      engine.on('roster', (roster) => update({ roster: [...roster.values()] })),
      engine.on('presenter', (presenterId) => update({ presenterId })),
      engine.on('history', ({ canUndo, canRedo }) => update({ canUndo, canRedo })),
      engine.on('error', (error) => update({ joinError: error })),
    ]
    // A handshake refused for want of a valid sign-in means the session ended, as a 401 does.
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') reportSessionEnded()
    })
    // The server drops a connection when the user's rights change (role, organisation); it expects
    // the client back at once, to hold the new rights (or to be refused above when they ended).
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') socket.connect()
    })
    // Note: socket.io-client's typed socket is wider than the structural one the engine asks for.
    engine.attach(socket as unknown as SyncSocket)
    setSync(engine)
    return () => {
      for (const off of offs) off()
      engine.close()
      socket.disconnect()
      setSync(null)
      setState(initial)
    }
  }, [sessionId, user.id, user.username])

  return { sync, ...state }
}
