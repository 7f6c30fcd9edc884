import type { Clock } from '../clock.ts';
import { Invalid } from '../errors.ts';
import { addDays, osloDay } from '../reports/oslo-dates.ts';
import type { DateRange } from '../reports/report.ts';
import type { Alert } from './alert.ts';
import type { AlertReadModel } from './alert-read-model.ts';
import { baselineDays, recentDays, spikeChance } from './spike.ts';

/** Alerts are asked for over at most this many days (two weeks: 1.5-2 s at 100 000 pages and 10 M answers). */
export const maxAlertDays = 14;

/** Spike alerts: pages whose share of "no" rose beyond chance. */
export class AlertService {
  constructor(
    private readonly reads: AlertReadModel,
    private readonly clock: Clock,
  ) {}

  /**
   * The pages that alert on any day from `from` to `to` (by default today), each once, as of the last day it did;
   * the least likely by chance first.
   */
  async alerts(siteId: string, range: DateRange): Promise<Alert[]> {
    const to = range.to ?? osloDay(this.clock());
    const from = range.from ?? to;
    if (from < addDays(to, -(maxAlertDays - 1)))
      throw Invalid.field('from', `must be at most ${maxAlertDays} days before to`, 'Ask for a shorter range.');
    const latest = new Map<string, Alert>();
    for (const w of await this.reads.risingWindows(siteId, { from, to })) {
      const p = spikeChance(w.baseline, w.recent);
      if (p === undefined || (latest.get(w.path)?.at ?? '') > w.at) continue;
      latest.set(w.path, {
        path: w.path,
        kind: 'spike',
        at: w.at,
        recent: { ...w.recent, from: addDays(w.at, -(recentDays - 1)), to: w.at },
        baseline: {
          ...w.baseline,
          from: addDays(w.at, -(recentDays + baselineDays - 1)),
          to: addDays(w.at, -recentDays),
        },
        p: Number(p.toPrecision(3)),
      });
    }
    return [...latest.values()].sort((a, b) => a.p - b.p || a.path.localeCompare(b.path));
  }
}
