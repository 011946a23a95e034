import fastJsonStringify from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';

type Serializer = (data: unknown) => string;
type SerializerCompiler = (route: {
  schema: unknown;
  method: string;
  url: string;
  httpStatus?: string;
}) => Serializer;

/**
 * Response serialization from the route's zod schema, compiled once per route and status into a
 * fast-json-stringify function (Fastify's own serializer) over the schema's JSON Schema, the
 * same document `/openapi.json` publishes. Parsing every answer with zod, as the type provider's
 * serializer does, cost more than the rest of an authenticated GET together.
 *
 * A response schema fast-json-stringify can not express exactly (a union of objects, a lazy or
 * transformed type) keeps the zod serializer, so what is sent never depends on which was chosen.
 */
export const fastSerializerCompiler: SerializerCompiler = (route) => {
  const { schema } = route;
  if (schema instanceof z.ZodType) {
    const jsonSchema = exactJsonSchema(schema);
    if (jsonSchema) return fastJsonStringify(jsonSchema) as Serializer;
  }
  return (zodSerializerCompiler as unknown as SerializerCompiler)(route);
};

/** Keywords whose meaning fast-json-stringify reproduces exactly when it writes a value. */
const EXACT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'enum',
  'const',
  'description',
  'title',
  'default',
  'examples',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'multipleOf',
  'deprecated',
  'readOnly',
  '$schema',
  // Names of a record's keys: fast-json-stringify writes each key as it comes, as zod does.
  'propertyNames',
]);

/**
 * The output JSON Schema of `schema` in a form fast-json-stringify writes exactly as zod would:
 * objects, arrays, records, scalars, enums, and nullable scalars (zod's `anyOf [X, null]`, written
 * as `type: [X, "null"]`). Anything else (a union of objects, `$ref`) returns undefined.
 */
function exactJsonSchema(schema: ZodType): Record<string, unknown> | undefined {
  try {
    return exact(z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }));
  } catch {
    return undefined;
  }
}

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

/** `node` rewritten into the exact subset, or undefined when it is not in it. */
function exact(node: unknown): Record<string, unknown> | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const object = node as Record<string, unknown>;
  if ('anyOf' in object) return nullableScalar(object);
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(object)) {
    if (!EXACT_KEYWORDS.has(keyword)) return undefined;
    if (keyword === 'properties') {
      const properties: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(value as Record<string, unknown>)) {
        const rewritten = exact(property);
        if (!rewritten) return undefined;
        properties[name] = rewritten;
      }
      out[keyword] = properties;
    } else if ((keyword === 'items' || keyword === 'additionalProperties') && typeof value === 'object') {
      const rewritten = exact(value);
      if (!rewritten) return undefined;
      out[keyword] = rewritten;
    } else {
      out[keyword] = value;
    }
  }
  // Free-form values (`{}`, z.unknown) have no type: fast-json-stringify falls back to JSON.stringify.
  return out;
}

function nullableScalar(object: Record<string, unknown>): Record<string, unknown> | undefined {
  const { anyOf, ...rest } = object;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return undefined;
  const isNull = (branch: unknown) =>
    typeof branch === 'object' &&
    branch !== null &&
    Object.keys(branch).length === 1 &&
    (branch as { type?: unknown }).type === 'null';
  const other: unknown = anyOf.find((branch) => !isNull(branch));
  if (!anyOf.some(isNull) || !other) return undefined;
  const scalar = exact({ ...rest, ...other });
  if (
    !scalar ||
    typeof scalar.type !== 'string' ||
    !SCALAR_TYPES.has(scalar.type) ||
    'enum' in scalar ||
    'const' in scalar
  ) {
    return undefined;
  }
  return { ...scalar, type: [scalar.type, 'null'] };
}
