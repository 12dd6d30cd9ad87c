import pino, { type Logger } from 'pino';

/** Structured JSON logs (pino); request ids come from Fastify. Secrets never reach the log. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'opencoroner' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}
