/**
 * The crisis bench's baseline: a bare socket.io relay on its own port. It speaks the same events as
 * the real `/live` namespace, so the same clients run against both, but it keeps nothing and checks
 * nothing: `session:join` joins the room and answers a fixed payload, `annotation:push` takes the
 * room's next seq, acks it and sends the records to the rest of the room. What the real server costs
 * above this (session cookies aside, which only the handshake sees) is its validation, its database
 * transaction and its bookkeeping.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import type { AnnotationRecord, ChangeAuthor } from '../common/crisis.ts'
import type { ClientToServerEvents, JoinAck, ServerToClientEvents } from '../common/crisis-events.ts'

export interface BareRelay {
  /** `http://127.0.0.1:{port}` */
  url: string
  /** What `session:join` answers from now on, e.g. a real join's answer, to time the same bytes. */
  answerJoinWith(answer: JoinAck): void
  close(): Promise<void>
}

const relayAuthor: ChangeAuthor = {
  userId: '00000000-0000-4000-8000-000000000000',
  username: 'relay',
  displayName: 'Bare relay',
}

/** Until told otherwise, the relay answers a join as for a new, empty session. */
function emptyJoin(sessionId: string, seq: number): JoinAck {
  const at = new Date().toISOString()
  return {
    ok: true,
    seq,
    annotations: [],
    log: [],
    participants: [],
    session: {
      id: sessionId,
      title: 'Bare relay',
      status: 'open',
      escalationLevel: 'normal',
      eventType: null,
      seq,
      classification: 'open',
      createdBy: relayAuthor.username,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      affectedArea: null,
      agendaStep: null,
      presenterId: null,
      participants: [],
      rights: { role: 'participant', draw: true, chair: false },
    },
  }
}

export async function startBareRelay(): Promise<BareRelay> {
  const server = createServer()
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(server, {
    path: '/socket.io',
    serveClient: false,
  })
  let seq = 0
  let joinAnswer: JoinAck | undefined
  io.of('/live').on('connection', (socket) => {
    let room: string | undefined
    socket.on('session:join', (request, ack) => {
      room = `crisis:${request.sessionId}`
      void socket.join(room)
      ack(joinAnswer ?? emptyJoin(request.sessionId, seq))
    })
    socket.on('annotation:push', (push, ack) => {
      seq += 1
      const at = new Date().toISOString()
      // Note: the records carry what the real server's carry (version, who, when), so the bytes on
      // the wire match and only the work behind them differs.
      const put: AnnotationRecord[] = (push.change.put ?? []).map((a) => ({
        id: a.id,
        kind: a.kind,
        geometry: a.geometry,
        properties: a.properties ?? {},
        version: seq,
        createdBy: relayAuthor.username,
        createdAt: at,
        updatedBy: relayAuthor.username,
        updatedAt: at,
      }))
      ack({ ok: true, seq })
      if (room)
        socket.to(room).emit('annotation:applied', {
          seq,
          change: { put, remove: push.change.remove ?? [] },
          by: relayAuthor,
        })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    answerJoinWith(answer) {
      joinAnswer = answer
    },
    close: () =>
      new Promise<void>((resolve) => {
        io.close(() => resolve())
      }),
  }
}
