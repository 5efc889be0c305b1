import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** Where `vite build` writes the console and portal (web/vite.config.ts); the same from src/ and dist/. */
export const builtWebAppDirectory = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Options of `serveWebApp`. */
export interface ServeWebAppOptions {
  /** The built app's directory; absent: `builtWebAppDirectory`. */
  root?: string;
}

/** First path segments the app never answers: the APIs and probes keep their own answers and 404s. */
const serverSegments = new Set(['api', 'metrics', 'healthz', 'readyz']);

const notBuilt =
  'The Portico web console is not built. Run `npm run build` (or `npm start`, which builds it when stale), then reload.\n';

/**
 * Serves the web console (`/`) and developer portal (`/portal`) from the built app: its files, and
 * index.html for every other GET so deep links work on reload (the browser router takes over).
 * Never shadows `/api/*`, `/metrics` or the probes: those fall through to the admin 404. Hashed
 * files under /assets/ are cached for a year; index.html is revalidated on every load.
 */
export const serveWebApp: FastifyPluginAsync<ServeWebAppOptions> = async (app, options) => {
  const root = options.root ?? builtWebAppDirectory;
  // serve: false — only reply.sendFile, inside this plugin; the route below decides what is a file.
  await app.register(fastifyStatic, { root, serve: false });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (serverSegments.has(path.split('/')[1] ?? '')) return reply.callNotFound();
    if (!existsSync(join(root, 'index.html'))) {
      return reply.type('text/plain; charset=utf-8').send(notBuilt);
    }
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    if (lastSegment.includes('.') && lastSegment !== 'index.html') {
      return path.startsWith('/assets/')
        ? reply.sendFile(path, { maxAge: '1y', immutable: true })
        : reply.sendFile(path, { cacheControl: false });
    }
    return sendIndex(reply);
  });
};

/** The app's page for any route it owns, never cached stale and never framed by another site. */
function sendIndex(reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'no-cache')
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .sendFile('index.html', { cacheControl: false });
}
