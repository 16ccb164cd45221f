import type { Sql } from '@scheduler/db';
import Fastify from 'fastify';

/**
 * Local stand-in of user-service's `GET /api/users/:clerkId`, answered from the `users` table
 * in the shape of the user service's contract (`{ user: { id: <clerk id>, email, role, ... } }`). The real
 * service wants the user's own session; the stand-in wants some credential and no more.
 */
export function buildUserStandIn(sql: Sql) {
  const app = Fastify({ logger: false });

  app.get('/api/users/:clerkId', async (request, reply) => {
    if (!request.headers.authorization && !request.headers['x-service-token']) {
      return reply.code(401).send({ error: 'authentication required' });
    }
    const { clerkId } = request.params as { clerkId: string };
    const [user] = await sql`
      SELECT clerk_user_id, email, full_name, username, role, created_at
      FROM users WHERE clerk_user_id = ${clerkId} AND deleted_at IS NULL`;
    if (!user) return reply.code(404).send({ error: 'user not found' });
    return {
      user: {
        id: user.clerk_user_id,
        email: user.email,
        fullName: user.full_name,
        username: user.username,
        role: user.role,
        createdAt: user.created_at,
      },
    };
  });

  return { app };
}
