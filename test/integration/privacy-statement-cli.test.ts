import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type ProcessDatabase, processDatabase, runCli, startServer } from '../helpers/processes.ts';

/** What an outside check does: set the statement's settings with the built CLI, read /privacy from the built server. */
let db: ProcessDatabase;
beforeAll(async () => {
  db = await processDatabase();
});
afterAll(() => db.drop());

const processors = ['Sem og Stenersen Prokom AS', 'Microsoft Norge AS'];

/** The server as the operator starts it; `read` gets /privacy as HTML and as JSON, and `stop` ends it with SIGTERM. */
async function serve(env: Record<string, string> = {}) {
  const port = String(await freePort());
  // The address the statement names stays the same from start to start.
  const publicUrl = 'https://tilbakemelding.sandnes.kommune.no';
  const server = await startServer({ ...db.env, PORT: port, FANTDU_PUBLIC_URL: publicUrl, ...env });
  const read = async (lang: string) => {
    const url = `${server.url}/privacy?site=sandnes&lang=${lang}`;
    const html = await (await fetch(url)).text();
    const json = await (await fetch(url, { headers: { accept: 'application/json' } })).json();
    return { html, json };
  };
  const stop = async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  };
  return { read, stop };
}

describe('a privacy statement a data protection officer can sign', () => {
  it('takes a legal basis, processors and hosting from `site set`, lists them, refuses the rest', async () => {
    expect((await runCli(['migrate'], db.env)).code).toBe(0);
    const add = [
      'site',
      'add',
      'sandnes',
      '--name',
      'sandnes.kommune.no',
      '--origin',
      'https://www.sandnes.kommune.no',
    ];
    expect((await runCli(add, db.env)).code).toBe(0);
    const set = await runCli(
      [
        ...['site', 'set', 'sandnes', '--controller', 'Sandnes kommune', '--legal-basis', 'consent'],
        ...['--processor', processors[0] as string, '--processor', processors[1] as string, '--hosting', 'Norge'],
      ],
      db.env,
    );
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      'Its privacy page states the legal basis consent, processors: Sem og Stenersen Prokom AS; Microsoft Norge AS, ' +
        'hosting: Norge.',
    );
    const listed = (await runCli(['site', 'list'], db.env)).stdout;
    expect(listed).toMatch(/^ID\s+NAME\s+ORIGINS\s+LEGAL BASIS\s+HOSTING\s+PROCESSORS$/m);
    expect(listed).toMatch(/^sandnes\s+.*\s+consent\s+Norge\s+Sem og Stenersen Prokom AS; Microsoft Norge AS$/m);

    for (const [args, message] of [
      [['--legal-basis', 'samtykke'], 'fantdu: --legal-basis must be public-task, consent or legitimate-interest.'],
      [['--processor', 'x'.repeat(201)], 'fantdu: --processor must be at most 200 characters.'],
      [['--hosting', 'Norge\n<b>'], 'fantdu: --hosting must be plain text on one line.'],
      [['--legalbasis', 'consent'], "fantdu: Unknown option '--legalbasis'"],
    ] as const) {
      const refused = await runCli(['site', 'set', 'sandnes', ...args], db.env);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain(message);
    }
    expect((await runCli(['site', 'list'], db.env)).stdout).toBe(listed);
  }, 120_000);

  it('states them in /privacy in bokmål, nynorsk and English, dated by when they last changed', async () => {
    let server = await serve();
    const facts = {
      nb: ['GDPR art. 6(1)(a)', 'trekke samtykket tilbake', 'Begrensning:', 'Protest:', 'Tjenestens egne logger'],
      nn: ['GDPR art. 6(1)(a)', 'trekkje samtykket tilbake', 'Avgrensing:', 'Protest:', 'Tenesta sine eigne loggar'],
      en: ['Article 6(1)(a)', 'withdraw your consent', 'Restriction:', 'Objection:', 'own logs hold no personal data'],
    };
    let dated: string | undefined;
    for (const [lang, phrases] of Object.entries(facts)) {
      const { html, json } = await server.read(lang);
      for (const text of [...phrases, ...processors, 'Norge']) expect(html, lang).toContain(text);
      expect(json).toMatchObject({
        lang,
        legalBasis: { basis: 'consent', article: '6(1)(a)' },
        processors: { names: processors },
        hosting: { place: 'Norge' },
      });
      expect(json.legalBasis.text).toContain('6(1)(a)');
      expect(json.rights.join(' ')).toMatch(/(Begrensning|Avgrensing|Restriction):.*(Protest|Objection):/);
      expect(json.logs).toBeTruthy();
      expect(html).toContain(`<time datetime="${json.lastChanged.at}">`);
      dated ??= json.lastChanged.at;
      expect(json.lastChanged.at).toBe(dated);
    }
    expect((await server.read('nb')).json.lastChanged.at).toBe(dated);
    await server.stop();

    // A start with nothing changed leaves the date; a change to a setting moves it.
    server = await serve();
    expect((await server.read('nn')).json.lastChanged.at).toBe(dated);
    await server.stop();
    expect((await runCli(['site', 'set', 'sandnes', '--hosting', 'EU/EØS'], db.env)).code).toBe(0);
    server = await serve();
    const changed = (await server.read('en')).json;
    expect(changed.hosting.text).toBe('Where the data is kept: EU/EØS.');
    expect(Date.parse(changed.lastChanged.at)).toBeGreaterThan(Date.parse(dated as string));
    expect((await server.read('nb')).json.lastChanged.at).toBe(changed.lastChanged.at);
    await server.stop();

    // So does a start with a configuration the statement states otherwise.
    server = await serve({ FANTDU_RETENTION_DAYS: '30' });
    const shorter = (await server.read('nb')).json;
    expect(shorter.retention.commentDays).toBe(30);
    expect(Date.parse(shorter.lastChanged.at)).toBeGreaterThan(Date.parse(changed.lastChanged.at));
    await server.stop();
  }, 120_000);
});
