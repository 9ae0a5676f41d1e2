// A WebSocket→TCP proxy, the local stand-in for Neon's: the Neon serverless driver opens
// `ws://<proxy>/v1?address=host:port` and speaks the PostgreSQL wire protocol over it. Only
// the allowed target can be reached, so the proxy is no open relay.
import net from 'node:net';
import { WebSocketServer } from 'ws';
import { freePort } from './ports.ts';

export interface WsProxy {
  /** Value for DATABASE_WS_PROXY / neonConfig.wsProxy, e.g. `127.0.0.1:5490/v1` */
  wsProxy: string;
  port: number;
  /** Drops every open connection (fault tests), keeping the proxy up. */
  dropConnections(): void;
  stop(): Promise<void>;
}

export async function startWsProxy(target: { host: string; port: number }): Promise<WsProxy> {
  const port = await freePort();
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  const sockets = new Set<net.Socket>();

  wss.on('connection', (ws, req) => {
    const address = new URL(req.url ?? '/', 'http://proxy').searchParams.get('address');
    if (address !== `${target.host}:${target.port}`) {
      ws.close(1008, 'address not allowed');
      return;
    }
    const tcp = net.connect(target.port, target.host);
    sockets.add(tcp);
    const pending: Buffer[] = [];
    tcp.on('connect', () => {
      for (const b of pending.splice(0)) tcp.write(b);
    });
    ws.on('message', (data: Buffer) => {
      if (tcp.connecting) pending.push(data);
      else tcp.write(data);
    });
    tcp.on('data', (data) => ws.send(data));
    const end = () => {
      sockets.delete(tcp);
      tcp.destroy();
      ws.terminate();
    };
    tcp.on('close', end);
    tcp.on('error', end);
    ws.on('close', end);
    ws.on('error', end);
  });

  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });

  return {
    wsProxy: `127.0.0.1:${port}/v1`,
    port,
    dropConnections() {
      for (const s of sockets) s.destroy();
      for (const c of wss.clients) c.terminate();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
