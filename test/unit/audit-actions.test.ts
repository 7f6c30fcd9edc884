import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionText, auditPage } from '../../src/admin/views/audit-page.ts';
import { words } from '../../src/admin/words.ts';
import { auditActions } from '../../src/audit/audit-actions.ts';
import { langs } from '../../src/values.ts';

const src = new URL('../../src/', import.meta.url);

// An entry's `action: 'x'` or `action: cond ? 'x' : 'y'` (a type such as `action: 'add' | 'remove'` is none).
const inEntry = /\baction: ((?:[\w.!]+ \? )?'[^']+'(?: : '[^']+')?)\s*[,}\n]/g;
// `audit.record(...entries('login'))`, `audit.insert(perSite('user.create', ...))`: the helper's first argument.
const throughHelper = /\baudit\.(?:record|insert)\((?:\.\.\.)?\w+\('([^']+)'/g;

/** Every action the source writes into the audit log, read from the source itself (not from auditActions). */
function actionsWrittenInSrc(): Map<string, string[]> {
  const written = new Map<string, string[]>();
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.startsWith('admin/texts/'), // the texts name actions, they write none
  );
  for (const file of files) {
    const code = readFileSync(new URL(file, src), 'utf8');
    const literals = [
      ...[...code.matchAll(inEntry)].flatMap((m) => [...(m[1] ?? '').matchAll(/'([^']+)'/g)].map((l) => l[1])),
      ...[...code.matchAll(throughHelper)].map((m) => m[1]),
    ];
    for (const action of literals) if (action) written.set(action, [...(written.get(action) ?? []), file]);
  }
  return written;
}

describe('the actions of the audit log', () => {
  const written = actionsWrittenInSrc();

  it('are the ones the source writes, every one of them and no other', () => {
    // Found through both forms: an entry's own (a ternary's two as well) and a helper's argument.
    expect(written.get('site.update')).toEqual(['sites/site-service.ts']);
    expect(written.get('site.create')).toEqual(['sites/site-service.ts']);
    expect(written.get('login.failed')).toEqual(['accounts/user-service.ts']);
    expect([...written.keys()].sort()).toEqual([...auditActions].sort());
  });

  it.each(langs)('each have a label in %s, as the log page shows them', (lang) => {
    const w = words[lang];
    for (const action of written.keys()) {
      const label = actionText(w, action);
      expect({ action, label }).toEqual({ action, label: expect.stringMatching(/^\p{Lu}/u) });
      expect(label).not.toBe(action);
    }
  });

  it('read differently in English than in Norwegian', () => {
    for (const action of auditActions) expect(actionText(words.en, action)).not.toBe(actionText(words.nb, action));
  });

  it('show an action this fantdu does not know as its key, and an Excel export as one', () => {
    for (const lang of langs) expect(actionText(words[lang], 'archive.unknown')).toBe('archive.unknown');
    expect(actionText(words.nb, 'feedback.export', { format: 'xlsx' })).toBe('Lastet ned Excel');
    expect(actionText(words.nn, 'retention.purge')).toBe('Gamle kommentarar sletta');
    expect(actionText(words.en, 'token.revoke')).toBe('API key revoked');
  });

  it('name what an entry keeps in the reader’s language too', () => {
    const entry = (action: string, details: Record<string, unknown>) => ({
      id: '1',
      at: '2026-11-23T16:40:00Z',
      actor: 'cli',
      action,
      target: null,
      details,
    });
    const items = [
      entry('retention.purge', { commentsErased: 3, retentionDays: 365 }),
      entry('comments.rescrub', { changed: 2, removals: { telefon: 1, navn: 1 } }),
      entry('feedback.import', { imported: 120, skipped: 0, refused: [{ line: 7, reason: 'x' }] }),
    ];
    const detailsIn = (lang: (typeof langs)[number]) =>
      [
        ...String(auditPage(words[lang], { id: 'kommune', name: 'Kommune' }, items, undefined, false).body).matchAll(
          /<td class="details">(.*?)<\/td>/g,
        ),
      ].map((m) => m[1]);
    expect(detailsIn('nb')).toEqual([
      'kommentarer slettet: 3; dager før sletting: 365',
      'endret: 2; fjernet: telefon 1, navn 1',
      'importert: 120; hoppet over: 0; avvist: linje 7, grunn x',
    ]);
    expect(detailsIn('nn')).toEqual([
      'kommentarar sletta: 3; dagar før sletting: 365',
      'endra: 2; fjerna: telefon 1, namn 1',
      'importert: 120; hoppa over: 0; avvist: linje 7, grunn x',
    ]);
    expect(detailsIn('en')).toEqual([
      'comments erased: 3; days kept: 365',
      'changed: 2; removed: phone number 1, name 1',
      'imported: 120; skipped: 0; refused: line 7, reason x',
    ]);
  });
});
