import type { FastifyInstance } from 'fastify';

/** A clock face: the scheduler's mark in a browser tab. */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<circle cx="16" cy="16" r="14" fill="#1f4fd1"/>
<circle cx="16" cy="16" r="11" fill="#fff"/>
<path d="M16 8v8l5 3" stroke="#1f4fd1" stroke-width="2.5" stroke-linecap="round" fill="none"/>
</svg>
`;

/**
 * /favicon.ico, which browsers ask for on every page of the origin (the dashboard, Bull Board,
 * the docs): an icon instead of a 404 in every console. Public like the dashboard's files: it
 * holds nothing. An SVG served as such, which browsers take whatever the name says.
 */
export async function faviconRoute(app: FastifyInstance) {
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(ICON),
  );
}
