# Holograms API image (deployed to Koyeb; see docs/DEPLOY.md).
#
# No Docker engine runs in this project's test machines, so scripts/docker/dockerfile.int.test.ts
# builds and starts this file with a small interpreter (scripts/docker/dockerfile.ts). It knows only
# the instructions used here and fails loudly on anything else: keep RUN paths relative to WORKDIR
# and CMD/HEALTHCHECK in exec form, or extend the interpreter with the change.

ARG NODE_IMAGE=node:22-bookworm-slim

# Compile the TypeScript API. Only tsc runs here, so install scripts (native builds of dev-only
# packages such as re2) are skipped.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --prefer-offline --no-audit --no-fund
COPY tsconfig.json tsconfig.api.json ./
COPY api ./api
# The API reuses the pure analysis modules (frame format, fingerprint, sniffing).
COPY workers ./workers
RUN npm run build:api

# Production dependencies only.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --prefer-offline --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/app/data
WORKDIR /app
# package.json carries "type": "module" for the compiled ESM and the version /api/health reports.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/build/api ./build/api
# Writable only for the embedded fallback (PGlite + local blobs) when DATABASE_URL / S3_* are unset.
# 1000:1000 is the `node` user of the official Node images; numeric, so the interpreter's host
# (which has no `node` user) runs the same line.
RUN mkdir -p data && chown 1000:1000 data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (server.ts shuts down gracefully).
CMD ["node", "build/api/api/server.js"]
