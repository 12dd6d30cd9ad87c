import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageCount, pageHref, pageNumber, pageRange, pagination } from './pagination.ts';

const href = (n: number) => `?page=${n}`;
/** The page numbers as listed, with '…' for each ellipsis. */
const numbers = (p: ReturnType<typeof pagination>) => p?.items.map((i) => ('ellipsis' in i ? '…' : i.number));
const current = (p: ReturnType<typeof pagination>) =>
  p?.items.filter((i) => 'current' in i && i.current).map((i) => ('number' in i ? i.number : 0));

describe('pageNumber', () => {
  it.each([
    [undefined, 1],
    ['', 1],
    ['abc', 1],
    ['0', 1],
    ['-3', 1],
    ['2.5', 2],
    ['7', 7],
    [['3', '5'], 3],
    [['x', '5'], 1],
  ])('reads %j as page %i', (raw, page) => {
    expect(pageNumber(raw, 50)).toBe(page);
  });

  it('caps a huge number where the database can still count its offset', () => {
    for (const raw of ['1e308', '1e999', '9999999999999999999', 'Infinity']) {
      const page = pageNumber(raw, 50);
      expect(Number.isSafeInteger((page - 1) * 50)).toBe(true);
      expect(page).toBeGreaterThan(1_000_000);
    }
  });

  it('is always a whole page from 1 whose offset is a safe integer', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.double().map(String)),
        fc.integer({ min: 1, max: 500 }),
        (s, size) => {
          const page = pageNumber(s, size);
          expect(Number.isInteger(page)).toBe(true);
          expect(page).toBeGreaterThanOrEqual(1);
          expect(Number.isSafeInteger(page * size)).toBe(true);
        },
      ),
    );
  });
});

describe('pageCount and pageRange', () => {
  it('count the pages and the items each page shows', () => {
    expect(pageCount(0, 50)).toBe(0);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(312, 50)).toBe(7);
    expect(pageRange(1, 50, 312)).toEqual({ from: 1, to: 50 });
    expect(pageRange(2, 50, 312)).toEqual({ from: 51, to: 100 });
    expect(pageRange(7, 50, 312)).toEqual({ from: 301, to: 312 });
    expect(pageRange(8, 50, 312)).toBeUndefined();
    expect(pageRange(1, 50, 0)).toBeUndefined();
  });
});

describe('pagination', () => {
  it('gives none for a list that fits on one page', () => {
    expect(pagination({ page: 1, pageSize: 50, total: 0, href })).toBeUndefined();
    expect(pagination({ page: 1, pageSize: 50, total: 50, href })).toBeUndefined();
  });

  it('lists every page of a list of up to nine pages', () => {
    const first = pagination({ page: 1, pageSize: 25, total: 51, href })!;
    expect(numbers(first)).toEqual([1, 2, 3]);
    expect(first.previous).toBeUndefined();
    expect(first.next).toEqual({ href: '?page=2' });
    expect(first.items[0]).toEqual({ number: 1, href: '?page=1', current: true });
    const ninth = pagination({ page: 9, pageSize: 10, total: 90, href })!;
    expect(numbers(ninth)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ninth.previous).toEqual({ href: '?page=8' });
    expect(ninth.next).toBeUndefined();
  });

  it('lists the first, last and nearby pages of a longer list, with gaps as an ellipsis', () => {
    const middle = pagination({ page: 10, pageSize: 50, total: 1000, href })!;
    expect(middle.previous).toEqual({ href: '?page=9' });
    expect(middle.next).toEqual({ href: '?page=11' });
    expect(numbers(middle)).toEqual([1, '…', 8, 9, 10, 11, 12, '…', 20]);
    expect(current(middle)).toEqual([10]);
    expect(numbers(pagination({ page: 1, pageSize: 50, total: 1000, href }))).toEqual([1, 2, 3, '…', 20]);
    expect(numbers(pagination({ page: 20, pageSize: 50, total: 1000, href }))).toEqual([1, '…', 18, 19, 20]);
  });

  it('lists a single page left out rather than an ellipsis for it', () => {
    expect(numbers(pagination({ page: 5, pageSize: 10, total: 200, href }))).toEqual([
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      '…',
      20,
    ]);
    expect(numbers(pagination({ page: 16, pageSize: 10, total: 200, href }))).toEqual([
      1,
      '…',
      14,
      15,
      16,
      17,
      18,
      19,
      20,
    ]);
  });

  it('leads back to the last page from a page past it', () => {
    const past = pagination({ page: 99, pageSize: 50, total: 312, href })!;
    expect(past.previous).toEqual({ href: '?page=7' });
    expect(past.next).toBeUndefined();
    expect(current(past)).toEqual([]);
    const farPast = pagination({ page: 1e12, pageSize: 50, total: 5000, href })!;
    expect(farPast.previous).toEqual({ href: '?page=100' });
    expect(numbers(farPast)).toEqual([1, '…', 100]);
  });

  it('lists each page once, in order, the current one marked, never more than nine places', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 120 }), (total, page) => {
        const p = pagination({ page, pageSize: 25, total, href });
        const pages = pageCount(total, 25);
        if (pages <= 1) {
          expect(p).toBeUndefined();
          return;
        }
        const listed = p!.items.flatMap((i) => ('number' in i ? [i.number] : []));
        expect(listed).toEqual([...listed].sort((a, b) => a - b));
        expect(new Set(listed).size).toBe(listed.length);
        expect(listed[0]).toBe(1);
        expect(listed.at(-1)).toBe(pages);
        expect(p!.items.length).toBeLessThanOrEqual(9);
        expect(current(p)).toEqual(page <= pages ? [page] : []);
        for (const i of p!.items) if ('number' in i) expect(i.href).toBe(`?page=${i.number}`);
      }),
    );
  });
});

describe('pageHref', () => {
  it('keeps the filters that have a value, with the page number last', () => {
    const at = pageHref('/cases', { q: 'Walgate Smith', status: 'REPORTED', officer: undefined, x: '' });
    expect(at(1)).toBe('/cases?q=Walgate+Smith&status=REPORTED&page=1');
    expect(at(3)).toBe('/cases?q=Walgate+Smith&status=REPORTED&page=3');
    expect(pageHref('/pfd-reports', {})(2)).toBe('/pfd-reports?page=2');
  });

  it('gives the plain address of the first page when it is not numbered', () => {
    const at = pageHref('/link-alerts', { status: 'DISMISSED' }, { numberFirstPage: false });
    expect(at(1)).toBe('/link-alerts?status=DISMISSED');
    expect(at(2)).toBe('/link-alerts?status=DISMISSED&page=2');
    expect(pageHref('/link-alerts', {}, { numberFirstPage: false })(1)).toBe('/link-alerts');
  });

  it('encodes what a filter holds, so it cannot add parameters of its own', () => {
    expect(pageHref('/cases', { q: 'a&page=9#x' })(2)).toBe('/cases?q=a%26page%3D9%23x&page=2');
  });
});
