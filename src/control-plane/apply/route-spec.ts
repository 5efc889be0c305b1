import type { Service } from '../../storage/repositories/service-repository.js';

/** A route's routing settings: its config-file `models` entry without name and service fields. */
export type RouteSpec = Service['spec'];
