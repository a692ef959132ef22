import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net'

/** Servers started by the fixtures below, closed by {@link closeReceivers} after each test. */
const servers = new Set<Server | NetServer>()

/** Closes every receiver still listening (call from `afterEach`). */
export async function closeReceivers(): Promise<void> {
  for (const s of [...servers]) await stopReceiver(s)
}

/** Closes one receiver now, dropping its open connections, so its port refuses connections. */
export async function stopReceiver(server: Server | NetServer): Promise<void> {
  servers.delete(server)
  if ('closeAllConnections' in server) server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
}

/** Listens on a free loopback port, tracked for {@link closeReceivers}; resolves with the port. */
export async function listenOnLoopback(server: Server | NetServer): Promise<number> {
  servers.add(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** One request as a receiver read it. */
export interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** A webhook receiver on loopback, with what it has seen. */
export interface Receiver {
  /** `http(s)://127.0.0.1:<port>/hook?x=1` */
  url: string
  port: number
  /** TCP connections the receiver accepted so far. */
  connections: () => number
  received: Received[]
  server: Server
}

/**
 * A Node HTTP(S) receiver: records each request, then lets `answer` write the response; counts TCP
 * connections. `make` builds the server (an https one, for instance) around the handler.
 */
export async function receiver(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_, res) => res.end('answer'),
  make: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Server = createServer,
): Promise<Receiver> {
  let connections = 0
  const received: Received[] = []
  const server = make((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      answer(req, res)
    })
  })
  // Counted after TLS too: 'connection' is the TCP accept on both kinds of server.
  server.on('connection', () => connections++)
  const port = await listenOnLoopback(server)
  const scheme = server instanceof createHttpsServer().constructor ? 'https' : 'http'
  return {
    url: `${scheme}://127.0.0.1:${port}/hook?x=1`,
    port,
    connections: () => connections,
    received,
    server,
  }
}

/**
 * A raw TCP receiver: `onRequest` gets the socket after each complete request head and body arrived,
 * for answers a Node server would not write.
 */
export async function rawReceiver(
  onRequest: (socket: Socket) => void,
): Promise<{ url: string; port: number; connections: () => number }> {
  let connections = 0
  const server = createNetServer((socket) => {
    connections++
    let seen = ''
    socket.on('data', (d) => {
      seen += d.toString('latin1')
      const end = seen.indexOf('\r\n\r\n')
      const length = /content-length: (\d+)/i.exec(seen)
      if (end >= 0 && length !== null && seen.length >= end + 4 + Number(length[1])) {
        seen = ''
        onRequest(socket)
      }
    })
  })
  const port = await listenOnLoopback(server)
  return { url: `http://127.0.0.1:${port}/hook`, port, connections: () => connections }
}
