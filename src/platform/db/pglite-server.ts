import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A PostgreSQL wire-protocol server in front of one PGlite instance, so the app and the CLI talk to the
 * embedded database with the same `pg` driver they use for a PostgreSQL server.
 *
 * PGlite has a single session. Clients are multiplexed safely by scheduling whole protocol units: a
 * simple Query, or an extended-protocol sequence up to and including Sync, runs without interleaving;
 * while a transaction is open only its owner's units run. A client that disconnects inside a
 * transaction has it rolled back.
 *
 * Named prepared statements belong to a connection on a PostgreSQL server; here the session is shared, so
 * each client's statement names are given its own prefix on the way in (Parse, Bind, Describe, Close), and
 * a departed client's statements are deallocated once no transaction is open. Statements prepared with SQL
 * (`PREPARE`) are not renamed: the app and the CLI do not use them.
 */
export class PgliteServer {
  readonly #db: PGlite;
  readonly #server: Server;
  readonly #queue: Unit[] = [];
  readonly #clients = new Set<Client>();
  /** Statement names of clients that have gone, to deallocate when the session is free. */
  #departed: string[] = [];
  #owner: Client | undefined;
  #running = false;
  #nextId = 1;

  constructor(db: PGlite) {
    this.#db = db;
    this.#server = createServer((socket) => this.#accept(socket));
  }

  listen(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(path, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  /** Stops accepting clients, waits for queued work to finish and closes every connection. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      for (const client of this.#clients) client.socket.end();
    });
    while (this.#running) await new Promise((r) => setTimeout(r, 5));
  }

  #accept(socket: Socket): void {
    const client: Client = {
      id: this.#nextId++,
      socket,
      buffer: Buffer.alloc(0),
      pending: [],
      started: false,
      statements: new Set(),
    };
    this.#clients.add(client);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.#receive(client, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.#disconnect(client));
  }

  #receive(client: Client, chunk: Buffer): void {
    client.buffer = client.buffer.length ? Buffer.concat([client.buffer, chunk]) : chunk;
    for (;;) {
      const message = takeMessage(client);
      if (!message) break;
      if (message.kind === 'ssl') {
        client.socket.write('N');
        continue;
      }
      if (message.kind === 'cancel') continue;
      if (message.kind === 'terminate') {
        client.socket.end();
        continue;
      }
      client.pending.push(scopeStatementName(client, message.bytes));
      if (message.kind === 'boundary') {
        this.#queue.push({ client, bytes: Buffer.concat(client.pending) });
        client.pending = [];
      }
    }
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        if (!this.#owner && this.#departed.length > 0) {
          // One at a time: a statement whose Parse failed was never made.
          for (const name of this.#departed.splice(0))
            await this.#db.exec(`DEALLOCATE "${name}"`).catch(() => undefined);
        }
        const index = this.#owner ? this.#queue.findIndex((u) => u.client === this.#owner) : 0;
        if (index < 0 || this.#queue.length === 0) break;
        const [unit] = this.#queue.splice(index, 1);
        if (!unit || unit.client.socket.destroyed) continue;
        await this.#db.execProtocolRawStream(new Uint8Array(unit.bytes), {
          onRawData: (data) => {
            if (!unit.client.socket.destroyed) unit.client.socket.write(Buffer.from(data));
          },
        });
        this.#owner = this.#db.isInTransaction() ? unit.client : undefined;
      }
    } finally {
      this.#running = false;
    }
  }

  async #disconnect(client: Client): Promise<void> {
    this.#clients.delete(client);
    this.#departed.push(...client.statements);
    for (let i = this.#queue.length - 1; i >= 0; i--)
      if (this.#queue[i]?.client === client) this.#queue.splice(i, 1);
    if (this.#owner === client) {
      while (this.#running) await new Promise((r) => setTimeout(r, 1));
      if (this.#owner === client) {
        await this.#db.exec('ROLLBACK');
        this.#owner = undefined;
      }
    }
    void this.#drain();
  }
}

type Client = {
  id: number;
  socket: Socket;
  buffer: Buffer;
  pending: Buffer[];
  started: boolean;
  /** Its named statements, as the session knows them (with the client's prefix). */
  statements: Set<string>;
};
type Unit = { client: Client; bytes: Buffer };
type Message = { kind: 'ssl' | 'cancel' | 'terminate' | 'part' | 'boundary'; bytes: Buffer };

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Message types after which the client waits for the server: the end of a protocol unit. */
const BOUNDARY = new Set(['Q', 'S', 'H', 'p', 'F']);

function takeMessage(client: Client): Message | undefined {
  const buffer = client.buffer;
  if (!client.started) {
    if (buffer.length < 8) return undefined;
    const length = buffer.readInt32BE(0);
    if (buffer.length < length) return undefined;
    const code = buffer.readInt32BE(4);
    const bytes = buffer.subarray(0, length);
    client.buffer = buffer.subarray(length);
    if (code === SSL_REQUEST || code === GSS_REQUEST) return { kind: 'ssl', bytes };
    if (code === CANCEL_REQUEST) return { kind: 'cancel', bytes };
    client.started = true;
    return { kind: 'boundary', bytes };
  }
  if (buffer.length < 5) return undefined;
  const length = 1 + buffer.readInt32BE(1);
  if (buffer.length < length) return undefined;
  const type = String.fromCharCode(buffer[0] ?? 0);
  const bytes = buffer.subarray(0, length);
  client.buffer = buffer.subarray(length);
  if (type === 'X') return { kind: 'terminate', bytes };
  return { kind: BOUNDARY.has(type) ? 'boundary' : 'part', bytes };
}

/**
 * The message with any statement name it carries prefixed with the client's own (`c12_name`): Parse and
 * Bind name a statement, Describe and Close name one when their target is 'S'. Unnamed statements and
 * portals pass unchanged.
 */
function scopeStatementName(client: Client, bytes: Buffer): Buffer {
  const type = String.fromCharCode(bytes[0] ?? 0); // the start-up message begins with a zero byte
  let at: number; // where the statement name starts
  if (type === 'P') at = 5;
  else if (type === 'B')
    at = bytes.indexOf(0, 5) + 1; // after the portal name
  else if ((type === 'D' || type === 'C') && bytes[5] === 0x53 /* S */) at = 6;
  else return bytes;
  const end = bytes.indexOf(0, at);
  if (end <= at) return bytes;
  const name = `c${client.id}_${bytes.toString('utf8', at, end)}`;
  if (type === 'P') client.statements.add(name);
  if (type === 'C') client.statements.delete(name);
  const renamed = Buffer.concat([bytes.subarray(0, at), Buffer.from(name, 'utf8'), bytes.subarray(end)]);
  renamed.writeInt32BE(renamed.length - 1, 1);
  return renamed;
}
