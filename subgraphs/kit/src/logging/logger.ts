import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout, one object a line, with the service's name on every line.
 * Secrets never reach a log line: the redaction list covers the fields that could carry them.
 */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'password',
          '*.password',
          'req.headers.authorization',
          'headers.authorization',
          'variables.password',
          'variables.currentPassword',
          'variables.newPassword',
          'variables.refreshToken',
          'variables.input.password',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
