# syntax=docker/dockerfile:1
# Production image: Node 24 LTS, admin UI built in, runs as a non-root user.

# ---- build: install everything, compile TypeScript, build the admin UI ----
FROM node:24-bookworm-slim AS build
# No compiler: on Node 24 npm compiles nothing (isolated-vm 7 ships prebuilt, the embedded
# store uses node:sqlite, and npm skips the below-node-24 packages that compile the others).
WORKDIR /app
COPY package.json package-lock.json ./
COPY runner/package.json runner/
COPY runner/below-node-24 runner/below-node-24
COPY server/package.json server/
COPY server/below-node-24 server/below-node-24
COPY admin-ui/package.json admin-ui/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY runner runner
COPY server server
COPY admin-ui admin-ui
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: only what runs ----
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/runner/package.json runner/package.json
COPY --from=build /app/runner/dist runner/dist
COPY --from=build /app/server/package.json server/package.json
COPY --from=build /app/server/dist server/dist
# Packages npm nests under the workspace (ajv 8: the root has eslint's ajv 6).
COPY --from=build /app/server/node_modules server/node_modules
COPY --from=build /app/admin-ui/package.json admin-ui/package.json
COPY --from=build /app/admin-ui/dist admin-ui/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# isolated-vm needs --no-node-snapshot on Node 20+. The young generation's size is the one
# `npm start` asks for (package.json; README, "Benchmark"): the deploy tests keep them equal.
CMD ["node", "--no-node-snapshot", "--max-semi-space-size=32", "server/dist/main.js"]
