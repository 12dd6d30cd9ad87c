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
 */
export class PgliteServer {
  readonly #db: PGlite;
  readonly #server: Server;
  readonly #queue: Unit[] = [];
  readonly #clients = new Set<Client>();
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
      client.pending.push(message.bytes);
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
    for (let i = this.#queue.length - 1; i >= 0; i--)
      if (this.#queue[i]?.client === client) this.#queue.splice(i, 1);
    if (this.#owner === client) {
      while (this.#running) await new Promise((r) => setTimeout(r, 1));
      if (this.#owner === client) {
        await this.#db.exec('ROLLBACK');
        this.#owner = undefined;
      }
      void this.#drain();
    }
  }
}

type Client = { id: number; socket: Socket; buffer: Buffer; pending: Buffer[]; started: boolean };
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
