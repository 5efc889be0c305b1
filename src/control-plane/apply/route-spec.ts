import type { Static } from 'typebox';
import type { routeSpecSchema } from '../../config/route-spec-schema.js';

/** A route's routing settings: its config-file `models` entry without name and service fields. */
export type RouteSpec = Static<typeof routeSpecSchema>;

/** Parses the `routes.spec` column. */
export function parseRouteSpec(text: string): RouteSpec {
  return JSON.parse(text) as RouteSpec;
}
