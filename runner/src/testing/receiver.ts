import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A real HTTP server on 127.0.0.1 for the outbound tests (not part of the build).

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Route = (request: Received, response: ServerResponse) => unknown;

export interface Receiver {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Requests that reached a route, in order. */
  received: Received[];
  /** Connections that were opened (a refused request never opens one). */
  connections: number;
  /** Most requests handled at once. */
  peak: number;
  /** Connections closed, e.g. by a client that gave up. */
  closed: number;
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const routes = new Map<string, Route>();
  const sockets = new Set<Socket>();
  let active = 0;
  const receiver: Receiver = {
    port: 0,
    origin: '',
    received: [],
    connections: 0,
    peak: 0,
    closed: 0,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: Received = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.received.push(received);
      const handler = routes.get(new URL(received.url, 'http://x').pathname);
      if (!handler) {
        response.writeHead(404).end('no route');
        return;
      }
      active++;
      receiver.peak = Math.max(receiver.peak, active);
      response.on('close', () => active--);
      void Promise.resolve(handler(received, response)).catch(() => response.destroy());
    });
  });
  server.on('connection', (socket: Socket) => {
    receiver.connections++;
    sockets.add(socket);
    socket.on('close', () => {
      receiver.closed++;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.origin = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}

export function json(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
}
