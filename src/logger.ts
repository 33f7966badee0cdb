/**
 * Structured JSON logs (pino). Code never logs headers, bodies or tokens; the redaction list below is the
 * second line of defence for anything that slips through (e.g. an error object carrying request headers).
 */
import pino from 'pino';

export type Logger = pino.Logger;

const REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-session-token"]',
  'res.headers["set-cookie"]',
  '*.headers.cookie',
  '*.headers.authorization',
  '*.headers["x-session-token"]',
  '*.password',
  '*.sessionToken',
  '*.session_token',
  '*.csrfToken',
  '*.csrf_token',
  '*.code',
  '*.apiKey',
];

export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ory-graphql' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    destination,
  );
}
