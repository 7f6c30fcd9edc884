import { createDb, migrate } from '../dist/src/db.js';
const db = createDb({ memory: true });
await migrate(db);
await db.raw(`insert into sites (id, name, origins) values ('s','s','{}')`).catch(e=>console.log(e.message));
try {
  await db.raw(`insert into feedback (id, site_id, path, found, comment, terms, forms, created_at) values (gen_random_uuid(), 's', '/', false, 'x', '{a,b}', '{A,B}', now())`);
  console.log(await db('term_days'));
} catch (e) { console.log(e.message); }
await db.destroy();
