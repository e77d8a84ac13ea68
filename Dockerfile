# syntax=docker/dockerfile:1
# One image per workspace of the monorepo:
#
#   docker build --build-arg SERVICE=stats --build-arg APT_PACKAGES=fonts-dejavu-core -t platform/stats .
#   docker build --build-arg SERVICE=discord-sim --build-arg WORKSPACE=tools/discord-sim -t platform/discord-sim .
#
# SERVICE is the package name without its scope (@platform/<SERVICE>), WORKSPACE its folder
# (services/<SERVICE> unless given). Only that workspace and the workspaces it depends on are installed and
# built (turbo prune); the runtime image holds their dist/ and production dependencies and runs as `node`.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app

# The service's workspace and its workspace dependencies, with the lock file cut down to them.
FROM base AS prune
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'build with --build-arg SERVICE=<workspace>, e.g. SERVICE=stats' >&2; exit 1; }
COPY . .
# The turbo the repository pins, so the pruned lock file is the one its own turbo would cut.
RUN npx --yes "turbo@$(node -p "require('./package.json').devDependencies.turbo")" prune "@platform/${SERVICE}" --docker

FROM base AS build
ARG SERVICE
COPY --from=prune /app/out/json/ ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY --from=prune /app/out/full/ ./
COPY tsconfig.base.json ./
RUN npx turbo run build --filter="@platform/${SERVICE}"
# Leaves what runs: package.json files, dist/, bin/ and migrations/. Dependencies come from the stage below.
RUN rm -rf node_modules && for dir in libs services tools; do \
      if [ -d "$dir" ]; then find "$dir" -mindepth 2 -maxdepth 2 \( -name src -o -name test -o -name node_modules \
        -o -name .turbo -o -name 'tsconfig*.json' -o -name 'vitest.config.*' \) -exec rm -rf {} +; fi; \
    done

FROM base AS production-deps
COPY --from=prune /app/out/json/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM base AS runtime
ARG SERVICE
ARG WORKSPACE=services/${SERVICE}
# System packages a service needs at run time (stats: fonts-dejavu-core, the font its charts are drawn with).
ARG APT_PACKAGES=""
RUN if [ -n "$APT_PACKAGES" ]; then \
      apt-get update && apt-get install -y --no-install-recommends $APT_PACKAGES && rm -rf /var/lib/apt/lists/*; \
    fi
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0
COPY --from=build /app/ ./
COPY --from=production-deps /app/ ./
# Owned by root and only readable by the service: it cannot rewrite its own code. Its data (export's jobs)
# goes under /var/lib/platform, which a named volume mounted there takes over with the node user as owner.
RUN mkdir -p /var/lib/platform && chown node:node /var/lib/platform
USER node
WORKDIR /app/${WORKSPACE}
CMD ["node", "dist/main.js"]
