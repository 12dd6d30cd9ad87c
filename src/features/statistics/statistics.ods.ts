import { strToU8, zipSync } from 'fflate';
import type { Statistics } from './statistics.domain.ts';

export const ODS_MEDIA_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

type Cell = string | number | null;

function cell(value: Cell): string {
  if (value === null) return '<table:table-cell/>';
  if (typeof value === 'number')
    return `<table:table-cell office:value-type="float" office:value="${value}"><text:p>${value}</text:p></table:table-cell>`;
  return `<table:table-cell office:value-type="string"><text:p>${xml(value)}</text:p></table:table-cell>`;
}

function sheet(name: string, rows: Cell[][]): string {
  const width = Math.max(1, ...rows.map((r) => r.length));
  return (
    `<table:table table:name="${xml(name)}"><table:table-column table:number-columns-repeated="${width}"/>` +
    rows.map((r) => `<table:table-row>${r.map(cell).join('')}</table:table-row>`).join('') +
    '</table:table>'
  );
}

/** A sheet name a spreadsheet accepts: no []*?:/\ and at most 31 characters. */
const sheetName = (title: string) =>
  title
    .replace(/[[\]*?:/\\]/g, ' ')
    .slice(0, 31)
    .trim();

/**
 * The statistics as an OpenDocument spreadsheet (ODF 1.2): a sheet describing them (with the address of the
 * public page that shows the same figures), then one sheet per table.
 * Written directly as the package the standard defines (`mimetype` first and uncompressed, a manifest, the
 * content) with fflate's zip writer.
 */
export function statisticsOds(s: Statistics, generatedAt: Date, pageUrl: string): Uint8Array {
  const where = s.area ? `${s.area.name} (${s.area.code})` : 'England and Wales';
  const about: Cell[][] = [
    [`Coroner statistics ${s.year}: ${where}`],
    ['Produced by OpenCoroner', generatedAt.toISOString()],
    ...(s.empty ? [['Nothing was recorded for this year and area.']] : []),
    ['How each figure is counted is said below, and on the statistics page:', pageUrl],
    [
      'Years are calendar years in UK time. Times are counted from the day the death was reported to the coroner; for a fresh investigation after the High Court quashed an inquest, from the day the fresh investigation began.',
    ],
    [],
    ['Table', 'Description'],
    ...s.tables.map((t): Cell[] => [t.title, t.description]),
  ];
  const sheets = [
    sheet('About', about),
    ...s.tables.map((t) =>
      sheet(sheetName(t.title), [
        [t.title],
        ['', ...t.columns.map((c) => c.label)],
        ...t.rows.map((r): Cell[] => [r.label, ...r.values]),
      ]),
    ),
  ].join('');
  const content =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">' +
    `<office:body><office:spreadsheet>${sheets}</office:spreadsheet></office:body></office:document-content>`;
  const meta =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">' +
    `<office:meta><meta:generator>OpenCoroner</meta:generator><dc:title>${xml(`Coroner statistics ${s.year}: ${where}`)}</dc:title>` +
    `<meta:creation-date>${generatedAt.toISOString().slice(0, 19)}</meta:creation-date></office:meta></office:document-meta>`;
  const manifest =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
    `<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="${ODS_MEDIA_TYPE}"/>` +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
    '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>' +
    '</manifest:manifest>';
  const mtime = generatedAt;
  return zipSync(
    {
      mimetype: [strToU8(ODS_MEDIA_TYPE), { level: 0, mtime }],
      'content.xml': [strToU8(content), { level: 6, mtime }],
      'meta.xml': [strToU8(meta), { level: 6, mtime }],
      'META-INF/manifest.xml': [strToU8(manifest), { level: 6, mtime }],
    },
    {},
  );
}
