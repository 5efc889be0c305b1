/**
 * Where a Portico process is in its life, as `/healthz` and `/readyz` report it: `starting` until
 * every listener is up and the store is open, `ready` while it serves, `draining` once a shutdown began.
 */
export type LifecyclePhase = 'starting' | 'ready' | 'draining';
