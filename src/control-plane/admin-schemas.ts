import { Type, type Static, type TProperties, type TSchema } from 'typebox';

/** The body of every admin API error: `{ "error": { "code", "message" } }`. */
export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'AdminErrorBody' },
);

/** Error responses every route documents, so the OpenAPI document shows the error shape. */
export const errorResponses = {
  '4xx': ErrorBody,
  '5xx': ErrorBody,
};

/** `limit` (1..500, default 50) and `cursor` (from the previous page's `next_cursor`). */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type PageQuery = Static<typeof PageQuery>;

/** A page of `item`: `{ items, next_cursor }`, `next_cursor` null on the last page. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), next_cursor: Type.Union([Type.String(), Type.Null()]) });
}

/**
 * A request body object: properties it does not list are refused with 400 naming them, never
 * dropped. Every body schema must declare `additionalProperties` (checked when routes register).
 */
export function BodyObject<T extends TProperties>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

/** A nullable value, as TypeBox 1 spells it. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** A url-safe handle: lower-case letters, digits and dashes (`team-a`). */
export const Handle = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });

/** Entity ids in paths: prefixed random text (`ten_…`), bounded so junk is refused early. */
export const EntityId = Type.String({ minLength: 1, maxLength: 100 });

/** An empty 204 response. */
export const NoContent = Type.Null();
