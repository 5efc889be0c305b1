import { Type, type Static } from 'typebox';
import { routeNameSchema } from '../../config/config-schema.js';
import { httpServiceSpecSchema } from '../../config/http-service-schema.js';
import type { JsonObject } from '../../core/chat.js';
import {
  BodyObject,
  EntityId,
  errorResponses,
  NoContent,
  Nullable,
  Page,
  PageQuery,
} from '../admin-schemas.js';
import { LifecycleSchema, VisibilitySchema } from '../apply/route-view.js';
import { ServiceSpecView, ServiceView } from '../apply/service-view.js';

const tags = ['services'];
const ServiceParams = Type.Object({ id: EntityId });
const Description = Type.String({ maxLength: 2000 });
const Note = Type.String({ maxLength: 500, description: 'Why: kept with the release.' });
const OpenApiDocument = Type.Unsafe<JsonObject>(
  Type.Record(Type.String(), Type.Unknown(), {
    description: 'The OpenAPI 3.x document of the service (JSON object).',
  }),
);

/** The governance fields every write may set, as for model routes. */
const governance = {
  tenant_id: Type.Optional(
    Nullable(Type.String({ description: "Owner; the caller's tenant (platform admins: none) when absent." })),
  ),
  visibility: Type.Optional(VisibilitySchema),
  requires_approval: Type.Optional(Type.Boolean()),
  log_bodies: Type.Optional(Type.Boolean()),
  description: Type.Optional(Description),
};

export const CreateServiceBody = BodyObject({
  name: routeNameSchema,
  spec: httpServiceSpecSchema,
  ...governance,
  lifecycle: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
  openapi: Type.Optional(OpenApiDocument),
});
export type CreateServiceBody = Static<typeof CreateServiceBody>;

export const PatchServiceBody = BodyObject({
  name: Type.Optional(routeNameSchema),
  spec: Type.Optional(httpServiceSpecSchema),
  ...governance,
  lifecycle: Type.Optional(LifecycleSchema),
  openapi: Type.Optional(Nullable(OpenApiDocument)),
  note: Type.Optional(Note),
});
export type PatchServiceBody = Static<typeof PatchServiceBody>;

export const ServiceListQuery = Type.Object({
  ...PageQuery.properties,
  tenant_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  lifecycle: Type.Optional(LifecycleSchema),
  visibility: Type.Optional(VisibilitySchema),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name or description.' }),
  ),
});
export type ServiceListQuery = Static<typeof ServiceListQuery>;

export const ImportServiceBody = BodyObject({
  document: Type.Optional(
    Type.Union([Type.String({ minLength: 1 }), OpenApiDocument], {
      description: 'The OpenAPI document: a JSON object, or YAML/JSON text.',
    }),
  ),
  url: Type.Optional(
    Type.String({
      pattern: '^https?://',
      maxLength: 2048,
      description: 'Fetched when `document` is absent.',
    }),
  ),
  name: Type.Optional(routeNameSchema),
  base_path: Type.Optional(Type.String({ pattern: '^/', maxLength: 512 })),
  upstream_url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2048 })),
  ...governance,
  lifecycle: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
});
export type ImportServiceBody = Static<typeof ImportServiceBody>;

export const ReleaseView = Type.Object({
  number: Type.Integer(),
  spec: ServiceSpecView,
  note: Type.String(),
  created_by: Nullable(Type.String()),
  created_at: Type.Integer(),
  live: Type.Boolean(),
});
export type ReleaseView = Static<typeof ReleaseView>;

export const ReleaseListQuery = Type.Object({
  limit: PageQuery.properties.limit,
  cursor: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,9}$', description: 'next_cursor of the page before.' }),
  ),
});
export type ReleaseListQuery = Static<typeof ReleaseListQuery>;

export const RollbackBody = BodyObject({
  release: Type.Integer({ minimum: 1, description: 'The release whose spec becomes live again.' }),
  note: Type.Optional(Note),
});
export type RollbackBody = Static<typeof RollbackBody>;

/** The schemas of the HTTP services endpoints, by handler. */
export const serviceSchemas = {
  create: {
    tags,
    summary:
      'Create an HTTP service (release 1); new services are draft and private unless the body says otherwise',
    body: CreateServiceBody,
    response: { 201: ServiceView, ...errorResponses },
  },
  list: {
    tags,
    summary: "List HTTP services: all for platform admins; else the tenant's own and shared published ones",
    querystring: ServiceListQuery,
    response: { 200: Page(ServiceView), ...errorResponses },
  },
  get: {
    tags,
    summary: 'Get an HTTP service; the upstream credential shows only `value_set`',
    params: ServiceParams,
    response: { 200: ServiceView, ...errorResponses },
  },
  update: {
    tags,
    summary: 'Change an HTTP service; a changed spec becomes a new release',
    params: ServiceParams,
    body: PatchServiceBody,
    response: { 200: ServiceView, ...errorResponses },
  },
  remove: {
    tags,
    summary: 'Delete a draft or retired HTTP service with its releases, subscriptions and limits',
    params: ServiceParams,
    response: { 204: NoContent, ...errorResponses },
  },
  releases: {
    tags,
    summary: "List a service's releases, newest first",
    params: ServiceParams,
    querystring: ReleaseListQuery,
    response: { 200: Page(ReleaseView), ...errorResponses },
  },
  release: {
    tags,
    summary: 'Get one release of a service',
    params: Type.Object({ id: EntityId, number: Type.Integer({ minimum: 1 }) }),
    response: { 200: ReleaseView, ...errorResponses },
  },
  rollback: {
    tags,
    summary: "Make an earlier release's spec live again, as a new release",
    params: ServiceParams,
    body: RollbackBody,
    response: { 200: ServiceView, ...errorResponses },
  },
  import: {
    tags,
    summary: 'Create an HTTP service from an OpenAPI 3.x document (given, or fetched from `url`)',
    body: ImportServiceBody,
    response: { 201: ServiceView, ...errorResponses },
  },
  openapi: {
    tags,
    summary: "The service's OpenAPI document with Portico's server URL and auth scheme filled in",
    params: ServiceParams,
    response: { 200: Type.Record(Type.String(), Type.Unknown()), ...errorResponses },
  },
};
