import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// The run's embedded database is served by PgliteServer; on PostgreSQL the same assertions hold.
describe('many clients on one embedded database', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    const target = inject('database');
    pool = new pg.Pool(
      target.kind === 'postgres'
        ? { connectionString: target.url, max: 6 }
        : { host: target.socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 6 },
    );
    await pool.query('create table if not exists mux_probe (id int, client int)');
  });
  afterAll(() => pool.end());

  it('keeps concurrent transactions apart and rolls back what a client abandons', async () => {
    const runs = Array.from({ length: 24 }, async (_, i) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query('insert into mux_probe values ($1, $2)', [1000 + i, i]);
        const seen = await c.query('select count(*)::int as n from mux_probe where id = $1', [1000 + i]);
        expect(seen.rows[0].n).toBe(1);
        await c.query(i % 4 === 0 ? 'rollback' : 'commit');
      } finally {
        c.release();
      }
    });
    await Promise.all(runs);
    const { rows } = await pool.query(
      'select count(*)::int as n from mux_probe where id between 1000 and 1023',
    );
    expect(rows[0].n).toBe(18);

    const quitter = await pool.connect();
    await quitter.query('begin');
    await quitter.query('insert into mux_probe values (2000, 0)');
    quitter.release(true); // disconnects mid-transaction
    const after = await pool.query('select count(*)::int as n from mux_probe where id = 2000');
    expect(after.rows[0].n).toBe(0);
  });

  it('reports an error in one statement without disturbing the next', async () => {
    await expect(pool.query('select $1::int', ['not a number'])).rejects.toThrow(/invalid input syntax/);
    expect((await pool.query('select 41 + 1 as answer')).rows).toEqual([{ answer: 42 }]);
  });

  it('keeps each client’s named statements its own, and forgets them when it leaves', async () => {
    const a = await pool.connect();
    const b = await pool.connect();
    let left = false;
    try {
      const one = { name: 'probe', text: 'select 1 as n, $1::text as who', values: ['a'] };
      const two = { name: 'probe', text: 'select 2 as n, $1::text as who', values: ['b'] };
      for (let i = 0; i < 3; i++) {
        expect((await a.query(one)).rows).toEqual([{ n: 1, who: 'a' }]);
        expect((await b.query(two)).rows).toEqual([{ n: 2, who: 'b' }]);
      }
      a.release(true); // disconnects
      left = true;
      const held = async () =>
        (await b.query('select statement from pg_prepared_statements')).rows.map((r) => r.statement);
      for (let i = 0; i < 50 && (await held()).includes(one.text); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(await held()).not.toContain(one.text);
      expect(await held()).toContain(two.text);
      expect((await b.query(two)).rows).toEqual([{ n: 2, who: 'b' }]);
    } finally {
      if (!left) a.release(true);
      b.release(true);
    }
  });
});
