import http from 'node:http';
import type { Socket } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';

/** Tracks open sockets and held requests so stop() ends everything, including requests a fault holds open. */
export class Lifecycle {
  private readonly controller = new AbortController();

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** Resolves after `ms`, or as soon as the sandbox stops. */
  hold(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref();
      const signal = this.controller.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  stop(): void {
    this.controller.abort();
  }
}

export interface RunningServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export const createSandboxApp = (): { app: Koa; router: Router } => {
  const app = new Koa();
  app.silent = true;
  return { app, router: new Router() };
};

const listenOnce = (server: http.Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });

/**
 * Serves the app on host:port (0 = a free port). With `fallbackToFreePort`, a taken port falls back to a free one.
 * stop() closes the listener and destroys every open socket, so held requests end too.
 */
export const startHttpServer = async (
  app: Koa,
  opts: { port: number; host: string; lifecycle: Lifecycle; fallbackToFreePort?: boolean }
): Promise<RunningServer> => {
  const server = http.createServer(app.callback());
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await listenOnce(server, opts.port, opts.host);
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!inUse || !opts.fallbackToFreePort || opts.port === 0) throw error;
    await listenOnce(server, 0, opts.host);
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox server has no TCP address');
  const url = `http://${opts.host}:${address.port}`;
  let stopping: Promise<void> | null = null;
  return {
    port: address.port,
    url,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        opts.lifecycle.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return stopping;
    },
  };
};
