import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { Invalid } from '../errors.ts';
import { isEmail, siteIdPattern } from '../values.ts';
import { isLegalBasis, legalBases, type Site, statedSettings } from './site.ts';
import type { SiteStore } from './site-store.ts';

/** An origin as browsers send it (scheme://host[:port], default port dropped), or undefined if it is not one. */
export function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

export interface SiteInput {
  id: string;
  name?: string | undefined;
  origins?: string[] | undefined;
  controller?: string | undefined;
  contact?: string | undefined;
  dpo?: string | undefined;
  commentsInNotifications?: boolean | undefined;
  legalBasis?: string | undefined;
  processors?: string[] | undefined;
  hosting?: string | undefined;
}

/** Longest name of a controller or processor, or hosting text, and most processors a statement lists. */
export const maxStatementText = 200;
export const maxProcessors = 20;

const anyOf = `${legalBases.slice(0, -1).join(', ')} or ${legalBases.at(-1)}`;

/** Two names that differ only in case name the same processor. */
const same = (a: string, b: string) => a.toLocaleLowerCase('nb') === b.toLocaleLowerCase('nb');

/**
 * A text the privacy statement shows as it is (a controller, processor or place): trimmed, on one line, of a length a
 * reader can take in; '' when it is to be removed.
 */
function statementText(field: string, option: string, value: string): string {
  const text = value.trim().replace(/ {2,}/g, ' ');
  if (/[\p{Cc}\p{Cf}]/u.test(text))
    throw Invalid.field(field, 'must be plain text on one line', `${option} must be plain text on one line.`);
  if ([...text].length > maxStatementText)
    throw Invalid.field(
      field,
      `must be at most ${maxStatementText} characters`,
      `${option} must be at most ${maxStatementText} characters.`,
    );
  return text;
}

/** The fields of `input` that a site's statement names beyond its controller, checked and in their stored form. */
function statementSettings(input: SiteInput): Partial<Pick<Site, 'legalBasis' | 'processors' | 'hosting'>> {
  const fields: Partial<Pick<Site, 'legalBasis' | 'processors' | 'hosting'>> = {};
  if (input.legalBasis !== undefined) {
    const basis = input.legalBasis.trim().toLowerCase();
    if (!isLegalBasis(basis)) throw Invalid.field('legalBasis', `must be ${anyOf}`, `--legal-basis must be ${anyOf}.`);
    fields.legalBasis = basis;
  }
  if (input.processors !== undefined) {
    const names = input.processors.map((name) => statementText('processor', '--processor', name)).filter(Boolean);
    const processors = names.filter((name, i) => names.findIndex((n) => same(n, name)) === i);
    if (processors.length > maxProcessors)
      throw Invalid.field(
        'processor',
        `must be given at most ${maxProcessors} times`,
        `A site may name at most ${maxProcessors} processors.`,
      );
    fields.processors = processors;
  }
  if (input.hosting !== undefined) fields.hosting = statementText('hosting', '--hosting', input.hosting) || null;
  return fields;
}

/** What saving `fields` changes, as the audit records it: each field from what to what (a new site: what it is). */
function changes(before: Site | undefined, fields: Partial<Site>): Record<string, unknown> {
  if (!before) return { ...fields };
  const unchanged = (key: string, value: unknown) =>
    JSON.stringify(before[key as keyof Site]) === JSON.stringify(value);
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([key, value]) => !unchanged(key, value))
      .map(([key, value]) => [key, { from: before[key as keyof Site], to: value }]),
  );
}

function originOrThrow(value: string): string {
  const origin = normalizeOrigin(value);
  if (!origin)
    throw Invalid.field(
      'origin',
      'must be an http(s) origin',
      `"${value}" is not an http(s) origin such as https://www.example.no.`,
    );
  return origin;
}

/**
 * Sites and their origins, read on every post, so kept in memory and reloaded at most every few seconds
 * (a site added by the CLI in another process is seen within that time).
 */
export class SiteService {
  private cache: { sites: Map<string, Site>; origins: Set<string>; loadedAt: number } | undefined;
  /** The reload under way, shared by every request that finds the cache old. */
  private loading: Promise<NonNullable<SiteService['cache']>> | undefined;
  private generation = 0;

  constructor(
    private readonly store: SiteStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly maxAgeMs = 5000,
  ) {}

  async get(id: string): Promise<Site | undefined> {
    return (await this.load()).sites.get(id);
  }

  /** The site as the cache holds it while it is fresh; undefined when it is not there or not fresh (ask `get`). */
  fresh(id: string): Site | undefined {
    return this.cache && Date.now() - this.cache.loadedAt < this.maxAgeMs ? this.cache.sites.get(id) : undefined;
  }

  /** Every origin of every site: what a CORS preflight (which names no site) may be allowed. */
  async allOrigins(): Promise<ReadonlySet<string>> {
    return (await this.load()).origins;
  }

  /** The site as stored now, for what must not lag behind a change by seconds. */
  async current(id: string): Promise<Site | undefined> {
    return siteIdPattern.test(id) ? this.store.get(id) : undefined;
  }

  /** Keeps the digest of a site's statement as made now; when the statement last changed (see SiteStore). */
  async recordStatement(id: string, hash: string): Promise<Date | undefined> {
    return this.store.recordStatement(id, hash, this.clock());
  }

  list(): Promise<Site[]> {
    return this.store.list();
  }

  count(): Promise<number> {
    return this.store.count();
  }

  /**
   * Adds a site (name and origins required) or, with `existing`, changes the fields given of one that exists; the
   * audit records what `actor` changed. A change to what the privacy statement states dates the statement.
   */
  async save(input: SiteInput, existing = false, actor = 'cli'): Promise<Site> {
    if (!siteIdPattern.test(input.id))
      throw Invalid.field('id', 'must be a site id', `Site id "${input.id}" must match [a-z0-9-]{1,64}.`);
    const before = await this.store.list().then((sites) => sites.find((s) => s.id === input.id));
    if (existing && !before) throw Invalid.field('id', 'is not a site', `There is no site "${input.id}".`);
    if (!before && (!input.name?.trim() || !input.origins?.length))
      throw new Invalid('A new site needs a name and at least one origin.');
    const fields: Partial<Omit<Site, 'id'>> = {};
    if (input.name !== undefined) fields.name = input.name.trim() || input.id;
    if (input.origins !== undefined) fields.origins = [...new Set(input.origins.map(originOrThrow))];
    for (const key of ['contact', 'dpo'] as const) {
      const value = input[key];
      if (value !== undefined && value !== '' && !isEmail(value.trim()))
        throw Invalid.field(key, 'must be an e-mail address', `--${key} must be an e-mail address, not "${value}".`);
      if (value !== undefined) fields[key] = value.trim() || null;
    }
    if (input.controller !== undefined)
      fields.controller = statementText('controller', '--controller', input.controller) || null;
    if (input.commentsInNotifications !== undefined) fields.commentsInNotifications = input.commentsInNotifications;
    Object.assign(fields, statementSettings(input));
    const changed = changes(before, fields);
    if (!before || statedSettings.some((key) => key in changed)) {
      fields.statementHash = null;
      fields.statementChangedAt = this.clock();
    }
    if (before) await this.store.update(input.id, fields);
    else
      await this.store.insert({
        id: input.id,
        name: fields.name ?? input.id,
        origins: fields.origins ?? [],
        ...fields,
      });
    if (Object.keys(changed).length > 0)
      await this.audit.record({
        siteId: input.id,
        actor,
        action: before ? 'site.update' : 'site.create',
        details: changed,
      });
    // A reload that began before this change must not bring back what it read.
    this.generation++;
    this.cache = undefined;
    this.loading = undefined;
    return (await this.get(input.id)) as Site;
  }

  /** Adds a site with its name and origins (or replaces those of an existing one). */
  add(input: SiteInput & { name: string; origins: string[] }): Promise<Site> {
    return this.save(input);
  }

  /**
   * A first start has a site to try: `demo`, for this service's own pages. True when it was made now; false when
   * there are sites already, or another instance starting at the same moment made it first.
   */
  async ensureDemo(origins: string[]): Promise<boolean> {
    if ((await this.store.count()) > 0) return false;
    return this.store.insertIfMissing({ id: 'demo', name: 'Demo', origins: [...new Set(origins.map(originOrThrow))] });
  }

  private load(): Promise<NonNullable<SiteService['cache']>> {
    if (this.cache && Date.now() - this.cache.loadedAt < this.maxAgeMs) return Promise.resolve(this.cache);
    if (!this.loading) {
      const loading = this.reload().finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  private async reload(): Promise<NonNullable<SiteService['cache']>> {
    const generation = this.generation;
    const now = Date.now();
    try {
      const sites = await this.store.list();
      const fresh = {
        sites: new Map(sites.map((s) => [s.id, s])),
        origins: new Set(sites.flatMap((s) => s.origins)),
        loadedAt: now,
      };
      if (generation === this.generation) this.cache = fresh;
      return fresh;
    } catch (err) {
      if (!this.cache) throw err;
      // Keep answering from what we knew; the database error surfaces where data is written.
      this.cache.loadedAt = now;
      return this.cache;
    }
  }
}
