import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger: JSON lines, written asynchronously so logging never blocks the hot path.
 * Flush it (`logger.flush()`) before exit. Credentials are redacted should one ever be passed.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'portico' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['apiKey', 'api_key', 'key', 'authorization', '*.apiKey', '*.authorization'],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
