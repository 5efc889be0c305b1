import { Type, type Static } from 'typebox';
import { routeNameSchema } from '../../config/config-schema.js';
import { routeSpecSchema } from '../../config/route-spec-schema.js';
import {
  BodyObject,
  EntityId,
  errorResponses,
  NoContent,
  Nullable,
  Page,
  PageQuery,
} from '../admin-schemas.js';
import { LifecycleSchema, RouteView, VisibilitySchema } from '../apply/route-view.js';

const tags = ['routes'];
const RouteParams = Type.Object({ id: EntityId });
const Description = Type.String({ maxLength: 2000 });

export const CreateRouteBody = BodyObject({
  name: routeNameSchema,
  spec: routeSpecSchema,
  tenant_id: Type.Optional(
    Nullable(Type.String({ description: "Owner; the caller's tenant (platform admins: none) when absent." })),
  ),
  visibility: Type.Optional(VisibilitySchema),
  lifecycle: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
  requires_approval: Type.Optional(Type.Boolean()),
  log_bodies: Type.Optional(Type.Boolean()),
  description: Type.Optional(Description),
});
export type CreateRouteBody = Static<typeof CreateRouteBody>;

export const PatchRouteBody = BodyObject({
  name: Type.Optional(routeNameSchema),
  spec: Type.Optional(routeSpecSchema),
  tenant_id: Type.Optional(Nullable(Type.String({ description: 'New owner (platform admin only).' }))),
  visibility: Type.Optional(VisibilitySchema),
  lifecycle: Type.Optional(LifecycleSchema),
  requires_approval: Type.Optional(Type.Boolean()),
  log_bodies: Type.Optional(Type.Boolean()),
  description: Type.Optional(Description),
});
export type PatchRouteBody = Static<typeof PatchRouteBody>;

export const RouteListQuery = Type.Object({
  ...PageQuery.properties,
  lifecycle: Type.Optional(LifecycleSchema),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name or description.' }),
  ),
});
export type RouteListQuery = Static<typeof RouteListQuery>;

/** The schemas of the routes (services) endpoints, by handler. */
export const routeSchemas = {
  create: {
    tags,
    summary: 'Create a route; new routes are draft and private unless the body says otherwise',
    body: CreateRouteBody,
    response: { 201: RouteView, ...errorResponses },
  },
  list: {
    tags,
    summary: "List routes: all for platform admins; else the tenant's own and shared published ones",
    querystring: RouteListQuery,
    response: { 200: Page(RouteView), ...errorResponses },
  },
  get: {
    tags,
    summary: 'Get a route',
    params: RouteParams,
    response: { 200: RouteView, ...errorResponses },
  },
  update: {
    tags,
    summary:
      'Change a route; lifecycle moves draft → published → deprecated → retired (or back to published)',
    params: RouteParams,
    body: PatchRouteBody,
    response: { 200: RouteView, ...errorResponses },
  },
  remove: {
    tags,
    summary: 'Delete a draft or retired route with its subscriptions and limits',
    params: RouteParams,
    response: { 204: NoContent, ...errorResponses },
  },
};
