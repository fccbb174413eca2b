import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import type { JobEvent } from '../../src/plugins/retailcloud-integrations/server/src/engine/jobs';

/** A real server process of the app on the test's database (tests/helpers/app-instance.js). */
export interface AppInstance {
  name: string;
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** the jobs it ran, as it reported them (engine/jobs.ts) */
  events: JobEvent[];
  exited: Promise<number | null>;
  http: () => ReturnType<typeof request>;
}

/**
 * Start a server process: the environment carries the database, sandboxes and secrets (process.env), then `env` on
 * top (PUBLIC_URL, job rules, leases…). Resolves when it listens; rejects when it reports an error or exits first.
 */
export const startAppInstance = (name: string, env: Record<string, string>): Promise<AppInstance> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'app-instance.js')], {
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const events: JobEvent[] = [];
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let buffer = '';
    let ready = false;
    child.stdout?.on('data', (chunk) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let message: { ready?: boolean; port?: number; pid?: number; job?: JobEvent; error?: string };
        try {
          message = JSON.parse(line);
        } catch {
          continue; // not one of the instance's messages
        }
        if (message.job) events.push(message.job);
        else if (message.ready && !ready) {
          ready = true;
          const port = message.port as number;
          const url = `http://127.0.0.1:${port}`;
          resolve({
            name,
            child,
            pid: (message.pid as number) ?? child.pid,
            port,
            url,
            events,
            exited,
            http: () => request(url),
          });
        } else if (message.error) reject(new Error(`instance ${name}: ${message.error}`));
      }
    });
    exited.then((code) => {
      if (!ready) reject(new Error(`instance ${name} exited (${code}) before listening`));
    });
  });

/** Stop each instance (SIGTERM) and wait until it has exited. */
export const stopAppInstances = async (instances: AppInstance[]) => {
  for (const instance of instances) {
    if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill('SIGTERM');
    await instance.exited;
  }
};
