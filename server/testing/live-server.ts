/**
 * Test helper: the app and the socket.io `/live` namespace on a real HTTP server on an ephemeral
 * port, wired as `server/main.ts` wires them, for tests that need real sockets.
 */
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { Server as SocketServer } from 'socket.io'
import type { Database } from '../../db/client.ts'
import type { createApp } from '../app.ts'
import type { SessionRooms } from '../crisis/session-room.ts'
import { allowSameOrigin, attachLive, type LiveOptions, MAX_SOCKET_MESSAGE_BYTES } from '../realtime/live.ts'

export interface LiveServer {
  /** `http://127.0.0.1:{port}` */
  url: string
  io: SocketServer
  /** The crisis rooms the sockets use: the app's when given, else the server's own. */
  rooms: SessionRooms
  close(): Promise<void>
}

export async function startLiveServer(
  app: ReturnType<typeof createApp>,
  db: Database,
  allowedOrigins: readonly string[] = [],
  options: LiveOptions & { port?: number } = {},
): Promise<LiveServer> {
  const server = createAdaptorServer({ fetch: app.fetch })
  // Note: the server's own origin joins the list once the port is known, as PUBLIC_ORIGIN would name it.
  const origins = [...allowedOrigins]
  const io = new SocketServer(server, {
    path: '/socket.io',
    serveClient: false,
    allowRequest: allowSameOrigin(origins),
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
  })
  const rooms = attachLive(io, db, options)
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  origins.push(`http://127.0.0.1:${port}`)
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    rooms,
    close: () =>
      new Promise<void>((resolve) => {
        // Note: io.close() closes the HTTP server too, once every socket is gone.
        io.close(() => resolve())
      }),
  }
}
