/** Shapes of the REST-service answers of the admin API (docs/rest-services.md). */

import type { ModelRoute } from './admin-types';

export interface ServiceRoute {
  name?: string;
  path: string;
  /** Absent: every method. */
  methods?: string[];
}

export interface UpstreamNode {
  url: string;
  weight?: number;
}

/** The parts of a service's spec the console and portal show; the rest is passed through. */
export interface ServiceSpec {
  base_path: string;
  hosts?: string[];
  routes: ServiceRoute[];
  upstream: { nodes: UpstreamNode[] };
  auth?: { modes?: ('key' | 'jwt' | 'anonymous')[] };
}

/** A REST service (`kind: 'http'`), as GET /api/admin/services answers it. */
export interface HttpService {
  id: string;
  name: string;
  kind: 'http';
  spec: ServiceSpec;
  tenant_id: string | null;
  visibility: ModelRoute['visibility'];
  lifecycle: ModelRoute['lifecycle'];
  requires_approval: boolean;
  log_bodies: boolean;
  description: string;
  /** The live release number. */
  release: number;
  has_openapi: boolean;
  created_at: number;
  updated_at: number;
}

/** One immutable, numbered spec of a service. */
export interface ServiceRelease {
  number: number;
  spec: ServiceSpec;
  note: string;
  created_by: string | null;
  created_at: number;
  live: boolean;
}

/** The auth modes of a spec; none listed means API keys only (the data plane's default). */
export function authModes(spec: ServiceSpec): string[] {
  return spec.auth?.modes ?? ['key'];
}
