import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionText } from '../../src/admin/views/audit-page.ts';
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
});
