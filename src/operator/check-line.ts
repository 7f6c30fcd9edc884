/** A line of `fantdu check`: the part by its variable, its state, and what it found or what to do. */
export type CheckState = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckLine {
  part: string;
  state: CheckState;
  text: string;
}

export const checkLine = (part: string, state: CheckState, text: string): CheckLine => ({ part, state, text });

export const secretParams = /pass|secret|token|key/i;

/** A URL as it may be shown: its password and any secret-looking query value as `***`. */
export function masked(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  for (const name of [...u.searchParams.keys()]) if (secretParams.test(name)) u.searchParams.set(name, '***');
  return u.href.replace(/%2A%2A%2A/g, '***');
}

/** The message of an error, or its code when it has none (an AggregateError of refused connections). */
export const messageOf = (err: unknown): string => {
  const { message, code } = err as { message?: string; code?: string };
  return message || code || String(err);
};

/** The code of an error or of its cause (fetch wraps the socket's error). */
export const codeOf = (err: unknown): string =>
  String((err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code ?? '');

const fixes: Record<string, string> = {
  '28P01': 'check the password',
  '28000': 'check the user name, and that pg_hba.conf lets this host in',
  '3D000': 'create the database (createdb) or correct its name',
  '42501': 'grant the user the rights on the database',
  '53300': 'the server has no connection to spare: raise max_connections or close others',
};

/** What went wrong at a server at `at`, and what to do about it. */
export function advice(err: unknown, at: string, what: string): string {
  const message = messageOf(err);
  const code = codeOf(err);
  // Some clients (nodemailer) wrap the socket's error and keep its code only in their message.
  const is = (name: string) => code === name || message.includes(name);
  if (is('ECONNREFUSED')) return `nothing listens at ${at}: is ${what} running there?`;
  if (is('ETIMEDOUT') || /time(d)? ?out/i.test(message))
    return `${at} does not answer: check the host, the port and the firewall`;
  const fix = fixes[code] ?? (is('ENOTFOUND') || is('EAI_AGAIN') ? 'check the host name' : undefined);
  return fix ? `${message}: ${fix}` : message;
}
