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

const levels: Record<number, [name: string, color: string]> = {
  10: ['TRACE', '90'],
  20: ['DEBUG', '90'],
  30: ['INFO ', '32'],
  40: ['WARN ', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '1;31'],
};
const shownElsewhere = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'notice', 'err']);
const bare = /^[\w.:/@()-]{1,200}$/;

/**
 * A JSON log line as a person reads it: local time, level, message, then the other fields as `key=value`, an error's
 * stack beneath it. A line marked `notice` (how to log in) stands between two rules. Nothing is added to what the JSON
 * line holds, so the privacy rules of the log hold here too.
 */
export function readableLine(json: string, colors = false, width = 80): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json);
  } catch {
    return json;
  }
  const paint = (code: string, text: string) => (colors ? `\x1b[${code}m${text}\x1b[0m` : text);
  const [level, color] = levels[entry.level as number] ?? ['LOG  ', '0'];
  const time = new Date(entry.time as string).toTimeString().slice(0, 8);
  const message = String(entry.msg ?? '');
  if (entry.notice) {
    const rule = '─'.repeat(Math.min(message.length, width));
    return `\n${rule}\n${paint('1;36', message)}\n${rule}\n\n`;
  }
  const fields = Object.entries(entry)
    .filter(([key]) => !shownElsewhere.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' && bare.test(value) ? value : JSON.stringify(value)}`);
  const err = entry.err as { type?: string; message?: string; stack?: string } | undefined;
  if (err) fields.unshift(`err=${JSON.stringify(`${err.type ?? 'Error'}: ${err.message ?? ''}`)}`);
  const stack = err?.stack && (entry.level as number) >= 50 ? err.stack.split('\n').slice(1) : [];
  const rest = fields.length ? ` ${paint('90', fields.join(' '))}` : '';
  const first = `${paint('90', time)} ${paint(color, level)} ${message}${rest}`;
  return `${[first, ...stack.map((line) => paint('90', line))].join('\n')}\n`;
}

/**
 * Where the server's lines go: JSON lines (for journald, a container's log, a shipper) unless stdout is a terminal,
 * where they are readable lines; LOG_FORMAT=json keeps JSON there too. NO_COLOR turns the colours off.
 */
export function logDestination(
  format: 'json' | undefined,
  terminal = process.stdout.isTTY === true,
): pino.DestinationStream {
  const out = pino.destination({ dest: 1, sync: false });
  if (format === 'json' || !terminal) return out;
  const colors = !process.env.NO_COLOR;
  return {
    write: (line: string) => out.write(readableLine(line, colors, process.stdout.columns || 80)),
    flush: (done?: (err?: Error) => void) => out.flush(done),
  } as pino.DestinationStream;
}
