import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export type StandInMessage = {
  type: 'email' | 'sms';
  to: string;
  personalisation: Record<string, string>;
  reference?: string;
};

/**
 * A local stand-in for the GOV.UK Notify API (for tests and benchmarks): accepts `POST /v2/notifications/email`
 * and `/sms` and records what it was sent. `failNext(n)` makes the next n requests fail with a 500.
 */
export async function startNotifyStandIn(): Promise<{
  url: string;
  received: StandInMessage[];
  failNext(n: number): void;
  close(): Promise<void>;
}> {
  const received: StandInMessage[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const match = /^\/v2\/notifications\/(email|sms)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match || !String(req.headers.authorization ?? '').startsWith('Bearer ')) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ message: 'Not found' }] }));
        return;
      }
      if (failures > 0) {
        failures--;
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ error: 'Exception', message: 'Internal server error' }] }));
        return;
      }
      const payload = JSON.parse(body) as {
        email_address?: string;
        phone_number?: string;
        personalisation?: Record<string, string>;
        reference?: string;
      };
      received.push({
        type: match[1] as 'email' | 'sms',
        to: payload.email_address ?? payload.phone_number ?? '',
        personalisation: payload.personalisation ?? {},
        reference: payload.reference,
      });
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: randomUUID(), reference: payload.reference ?? null, content: {} }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext: (n) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A syntactically valid Notify API key (key name, service id, secret) for the stand-in. */
export const STAND_IN_API_KEY = `opencoroner_test-${'11111111-1111-4111-8111-111111111111'}-${'22222222-2222-4222-8222-222222222222'}`;
