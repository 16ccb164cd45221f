# syntax=docker/dockerfile:1.7
# Images of the scheduler, one target per process:
#   docker build --target api -t scheduler-api .         (the API; serves the dashboard)
#   docker build --target worker -t scheduler-worker .   (BullMQ workers and the reconciler)
#   docker build --target stand-ins -t scheduler-stand-ins .   (local stand-ins, compose only)
# Every process listens on 8080 in its container, runs as the unprivileged `node` user and
# has production dependencies only. test/deploy/dockerfile-steps.test.ts runs the build
# stage's RUN steps and each image's CMD without a container engine.

ARG NODE_VERSION=24

# ---- build: the whole workspace, built, then each app deployed with its production deps
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
RUN npm install --global pnpm@12.4.2
# The lockfile alone decides what is downloaded (with the patches pnpm applies to some of it):
# this layer is reused until they change.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
COPY patches ./patches
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile
RUN pnpm build
# `pnpm deploy` copies one app with its production dependencies (workspace packages are
# bundled into dist/ by tsup); the dashboard is static files the API serves.
RUN pnpm --filter @scheduler/api deploy --prod /out/api \
 && pnpm --filter @scheduler/worker deploy --prod /out/worker \
 && pnpm --filter @scheduler/stand-ins deploy --prod /out/stand-ins \
 && cp -r apps/dashboard/dist /out/api/dashboard

# ---- runtime: what the API and the worker images share
FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# ---- api: Fastify, the dashboard, Bull Board, /metrics; `node dist/migrate.js` applies migrations
FROM runtime AS api
ENV PORT=8080 DASHBOARD_DIR=/app/dashboard
COPY --from=build /out/api /app
CMD ["node", "dist/server.js"]

# ---- worker: probes and /metrics on 8080 (keep that port inside the cluster)
FROM runtime AS worker
ENV WORKER_HEALTH_PORT=8080
COPY --from=build /out/worker /app
# The heap of the worker's production start (apps/worker/package.json): fits a 384 MiB limit.
CMD ["node", "--max-semi-space-size=32", "--max-old-space-size=192", "dist/main.js"]

# ---- stand-ins: crawler, email and user services for a laptop (docker compose --profile stand-ins)
FROM node:${NODE_VERSION}-slim AS stand-ins
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /out/stand-ins /app
USER node
EXPOSE 7003 7004 7006
CMD ["node", "dist/main.js"]
