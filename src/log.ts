import pino, { type Logger } from 'pino';
import { isDatabaseError } from './errors.ts';

export type { Logger };

/**
 * Errors are logged by name, code, message and stack only: pg errors carry `detail` with row values and
 * co-body errors carry the raw `body`, and neither may reach a log line.
 */
function serializeError(err: unknown): object {
  if (!(err instanceof Error)) return { message: String(err) };
  const { code, type } = err as { code?: unknown; type?: unknown };
  if (isDatabaseError(err)) {
    // Postgres quotes the value it could not use (`invalid input syntax for type uuid: "..."`): the quotes go.
    const { table, column, constraint, routine } = err as {
      table?: string;
      column?: string;
      constraint?: string;
      routine?: string;
    };
    return {
      type: err.name,
      message: err.message.replace(/"[^"]*"/g, '"…"'),
      code,
      table,
      column,
      constraint,
      routine,
      stack: err.stack?.replace(/"[^"]*"/g, '"…"'),
    };
  }
  return { type: err.name, message: err.message, code, kind: type, stack: err.stack };
}

/**
 * Lines go to stdout asynchronously: a busy intake does not wait for each write, and what is buffered is written
 * out when the process exits.
 */
export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false }),
): Logger {
  return pino(
    {
      level,
      base: { service: 'fantdu' },
      serializers: { err: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
