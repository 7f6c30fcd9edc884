// The load of npm run bench: posts as the widget makes them, from autocannon. Imported by bench/intake.mjs, or run as
// its own process (`node bench/load.mjs '{"port":3192,...}'`, prints the summary as JSON) so that clients measured
// beside a flood do not share an event loop with the flood's client.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export const connections = 50;

/** Client addresses: 10.x.y.z, one per n. */
export const client = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/**
 * Posts for `seconds`: 5000 pages, a third "no"; 7 in 10 a vote alone, 3 in 10 with a comment of their own that holds a
 * phone number to scrub. With `views`, page views instead, as the widget's beacon sends them (text/plain holding JSON).
 */
export function posts({ port, origin, seconds, conns = connections, rate, from, views = false }) {
  let n = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}/api/v1/${views ? 'views' : 'feedback'}`,
    connections: conns,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    method: 'POST',
    headers: { 'content-type': views ? 'text/plain;charset=UTF-8' : 'application/json', origin },
    requests: [
      {
        setupRequest: (req) => {
          n++;
          const body = views
            ? { site: 'demo', url: `${origin}/side/${n % 5000}` }
            : {
                site: 'demo',
                url: `${origin}/side/${n % 5000}?q=1`,
                found: n % 3 === 0,
                ...(n % 10 < 3 ? { comment: `Finner ikke skjema ${n}, ring 912 34 567` } : {}),
              };
          return { ...req, headers: { ...req.headers, 'x-forwarded-for': from(n) }, body: JSON.stringify(body) };
        },
      },
    ],
  });
}

/** Clients for a run: one address (a flood), `crowd` addresses taken in turn, or every post from a new address. */
export function clients({ flood, crowd, offset = 0 }) {
  if (flood) return () => flood;
  if (crowd) return (n) => client(offset + (n % crowd));
  return (n) => client(offset + n);
}

/** Answers of `status` ('2xx', '4xx') per second, latency, everything else, and CPU seconds of the load itself. */
export function summary(result, status, cpuSeconds) {
  return {
    perSecond: result[status] / result.duration,
    answered: result[status],
    p50: result.latency.p50,
    p99: result.latency.p99,
    other:
      result['1xx'] +
      result['2xx'] +
      result['3xx'] +
      result['4xx'] +
      result['5xx'] -
      result[status] +
      result.errors +
      result.timeouts,
    ...(cpuSeconds === undefined ? {} : { loadCpuSeconds: cpuSeconds }),
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where there is no /proc. */
export function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process, in MB, from /proc: now (VmRSS), or at its highest since it started (VmHWM). */
export function rssOf(pid, field = 'VmRSS') {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1] ?? Number.NaN) / 1024;
}

/** CPU seconds used so far by each of the local Postgres's processes (none if Postgres runs elsewhere). */
export function postgresCpu() {
  let pids = [];
  try {
    pids = execFileSync('pgrep', ['-x', 'postgres']).toString().trim().split('\n');
  } catch {}
  return new Map(pids.map((pid) => [pid, cpuSecondsOf(pid)]));
}

/**
 * CPU seconds Postgres's processes used between two readings of postgresCpu(): all of a process born in between (a
 * connection a pool opened during the run); a process gone by the second reading is not counted.
 */
export function postgresCpuSince(before, after = postgresCpu()) {
  return [...after].reduce((sum, [pid, s]) => sum + s - (before.get(pid) ?? 0), 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { status, ...options } = JSON.parse(process.argv[2]);
  const before = cpuSecondsOf('self');
  const result = await posts({ ...options, from: clients(options) });
  console.log(JSON.stringify(summary(result, status, cpuSecondsOf('self') - before)));
}
