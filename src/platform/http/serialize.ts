/**
 * How API responses are written. Each route's response schema (zod, the same one the OpenAPI document shows)
 * is compiled once into a JSON writer that emits exactly the schema's properties: fields a row carries but
 * the schema does not name are never sent. Encoding every response through zod and then `JSON.stringify`
 * cost about a sixth of an API read's time; the compiled writer does the same work in a fraction of it.
 *
 * A schema JSON Schema cannot express (a transform, a date object) keeps the zod encoder. With `check` on
 * (development and tests), every response is also encoded by zod and the two are compared, so a schema the
 * writer reads differently fails loudly rather than sending something else.
 */
import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type CompilerInput = Parameters<typeof zodSerializerCompiler>[0];

/**
 * The JSON Schema the writer is compiled from. `anyOf: [{type: T, …}, {type: 'null'}]` (zod's nullable)
 * becomes `{type: [T, 'null'], …}`, which the writer handles with a type check rather than by trying each
 * branch; `additionalProperties: false` is dropped (see below).
 */
function forWriter(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forWriter);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // The writer leaves out what an object does not name anyway; `false` would only make a union's
    // branch test refuse a row that carries more than the response shows, where zod strips it.
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = forWriter(value);
  }
  const branches = out.anyOf;
  if (Array.isArray(branches) && branches.length === 2) {
    const nullAt = branches.findIndex((b) => (b as { type?: unknown }).type === 'null');
    const other = branches[1 - nullAt] as Record<string, unknown> | undefined;
    if (nullAt >= 0 && other && typeof other.type === 'string' && !('anyOf' in other) && !('$ref' in other)) {
      const { anyOf: _, ...rest } = out;
      const merged: Record<string, unknown> = { ...rest, ...other, type: [other.type, 'null'] };
      // `enum` and `const` hold whatever the type: null has to be one of the values too.
      if (Array.isArray(other.enum)) merged.enum = [...other.enum, null];
      if (!('const' in other)) return merged;
    }
  }
  return out;
}

/** The response schema as JSON Schema, or undefined when JSON Schema cannot say what zod would send. */
function jsonSchemaOf(schema: unknown): Record<string, unknown> | undefined {
  if (!(schema instanceof z.ZodType)) return undefined;
  let json: unknown;
  try {
    json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' });
  } catch {
    return undefined;
  }
  return forWriter(json) as Record<string, unknown>;
}

export function responseSerializerCompiler(options: { check: boolean }) {
  return (input: CompilerInput): ((data: unknown) => string) => {
    const viaZod = zodSerializerCompiler(input);
    const json = jsonSchemaOf(input.schema);
    if (!json) return viaZod;
    const write = fastJson(json) as (data: unknown) => string;
    if (!options.check) return write;
    const route = `${input.method} ${input.url} (${input.httpStatus})`;
    return (data) => {
      const expected = viaZod(data);
      let written: string;
      try {
        written = write(data);
      } catch (error) {
        throw new Error(`The response writer for ${route} refused what its schema accepts`, { cause: error });
      }
      if (!isDeepStrictEqual(JSON.parse(written), JSON.parse(expected)))
        throw new Error(
          `The response writer for ${route} differs from its schema:\n` +
            `writer: ${written.slice(0, 2000)}\nschema: ${expected.slice(0, 2000)}`,
        );
      return written;
    };
  };
}
