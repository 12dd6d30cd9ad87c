/**
 * Paging a list page: the page asked for, the links of the GOV.UK pagination component, and which items a
 * page shows. Pure; each list builds its own page addresses (with `pageHref`) so that its filters are kept.
 */

export type PageLink = { number: number; href: string; current: boolean };
export type PaginationItem = PageLink | { ellipsis: true };
/** The parameters of the `govukPagination` macro. */
export type Pagination = {
  previous?: { href: string };
  next?: { href: string };
  items: PaginationItem[];
};

/** Lists of up to this many pages show every page number: as wide as the longest list with gaps. */
const LIST_EVERY_PAGE_UP_TO = 9;
/** Pages either side of the current one that are always listed. */
const AROUND = 2;

/**
 * The page asked for in a query (`?page=`), as a whole number from 1 up. A value given more than once counts
 * once (its first); anything that is not a number is the first page; a fraction is rounded down; a number
 * too large for the database to count its offset is capped, and stays past the last page.
 */
export function pageNumber(raw: unknown, pageSize: number): number {
  const first = Array.isArray(raw) ? raw[0] : raw;
  const n = Math.floor(Number(first));
  if (Number.isNaN(n)) return 1;
  return Math.min(Math.max(1, n), Math.floor(Number.MAX_SAFE_INTEGER / pageSize));
}

/** How many pages a list of `total` items fills, `pageSize` to a page (none for an empty list). */
export function pageCount(total: number, pageSize: number): number {
  return Math.ceil(total / pageSize);
}

/**
 * The items a page shows, counted from 1 ("Showing 51 to 100 of 312"); undefined for a page past the last.
 */
export function pageRange(
  page: number,
  pageSize: number,
  total: number,
): { from: number; to: number } | undefined {
  const from = (page - 1) * pageSize + 1;
  if (from > total) return undefined;
  return { from, to: Math.min(page * pageSize, total) };
}

/**
 * The `govukPagination` parameters for one page of a list: previous and next, and the page numbers. Up to
 * nine pages are all listed; a longer list gives the first and last pages and two either side of the current
 * one, with an ellipsis for two or more pages left out (a single page left out is listed instead). From a
 * page past the last, "Previous" leads to the last page. Undefined when the list fits on one page.
 */
export function pagination(options: {
  page: number;
  pageSize: number;
  total: number;
  href: (page: number) => string;
}): Pagination | undefined {
  const { page, pageSize, total, href } = options;
  const pages = pageCount(total, pageSize);
  if (pages <= 1) return undefined;
  const listed =
    pages <= LIST_EVERY_PAGE_UP_TO
      ? Array.from({ length: pages }, (_, i) => i + 1)
      : [...new Set([1, pages, ...Array.from({ length: 2 * AROUND + 1 }, (_, i) => page - AROUND + i)])]
          .filter((n) => n >= 1 && n <= pages)
          .sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  listed.forEach((n, i) => {
    const before = listed[i - 1];
    if (before !== undefined && n - before === 2)
      items.push({ number: n - 1, href: href(n - 1), current: n - 1 === page });
    else if (before !== undefined && n - before > 2) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
  });
  return {
    previous: page > 1 ? { href: href(Math.min(page - 1, pages)) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items,
  };
}

/**
 * The address of each page of a list at `path`, keeping its filters (a filter without a value is left out)
 * with the page number last. The first page is numbered too unless `numberFirstPage` is false, when it is
 * the list's plain address.
 */
export function pageHref(
  path: string,
  filters: Record<string, string | undefined>,
  options: { numberFirstPage?: boolean } = {},
): (page: number) => string {
  const kept = Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1]));
  return (page) => {
    const query = new URLSearchParams(kept);
    if (page > 1 || options.numberFirstPage !== false) query.set('page', String(page));
    return query.size ? `${path}?${query}` : path;
  };
}
