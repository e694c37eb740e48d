import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Answer, App } from '../coach/coach-support.ts';

export type { Answer, App };

export interface CallOptions {
  auth?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The client address the app is told, as an in-process caller may (the network cannot). */
  address?: string;
}

/** One request through `app.request()`, the answer read once as text and JSON. */
export async function call(app: App, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== undefined) headers.authorization = `Bearer ${options.auth}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const init = { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) };
  const response = await app.request(path, init, options.address === undefined ? undefined : { clientAddress: options.address });
  return read(response);
}

export async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

/** The app on a real socket on loopback, so the client address comes from the connection. */
export async function listen(app: App): Promise<{ baseURL: string; close(): Promise<void> }> {
  let server: ServerType;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (address: AddressInfo) => resolve(address.port));
  });
  return {
    baseURL: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // fetch keeps connections alive: end them, or close waits for their idle timeout.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** `fetch` to a listening app, with the same options as `call` (but no address: the socket gives it). */
export async function fetchAnswer(baseURL: string, method: string, path: string, options: Omit<CallOptions, 'address'> = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== undefined) headers.authorization = `Bearer ${options.auth}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  return read(await fetch(`${baseURL}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }));
}
