# Image of one service: docker build --build-arg SERVICE=<folder under services/> .
# (docker compose passes SERVICE; the build context is the repository root.)
# Three stages: the service and the packages it uses compiled with their dev dependencies, the
# storefront (served by the gateway at /), then a runtime holding only the compiled JavaScript
# and the production dependencies: no TypeScript, no tsx, no test tooling.
FROM node:24-bookworm-slim AS build
ARG SERVICE
WORKDIR /app
RUN npm install -g pnpm@10.34.8
COPY . .
# The service, the workspace packages it depends on, and the root's tools (tsc).
RUN pnpm install --frozen-lockfile --filter "{./services/${SERVICE}}..." --filter shop
# tsc -b: the service and, through its project references, @shop/contracts and @shop/platform.
RUN pnpm --filter "{./services/${SERVICE}}" build
# A self-contained folder: package.json, dist/, and node_modules with the production
# dependencies only; the workspace packages copied in as their dist/ ("files").
RUN pnpm --filter "{./services/${SERVICE}}" deploy --prod --legacy /out

FROM node:24-bookworm-slim AS storefront
WORKDIR /app
RUN npm install -g pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile --filter "@shop/storefront..." && pnpm --filter @shop/storefront build

FROM node:24-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production
COPY --from=build --chown=node:node /out /app/services/${SERVICE}
COPY --from=storefront --chown=node:node /app/apps/storefront/dist /app/apps/storefront/dist
# Writable by the service user; a named volume mounted here starts with this ownership.
RUN mkdir -p /var/lib/shop/mail && chown node:node /var/lib/shop/mail
USER node
WORKDIR /app/services/${SERVICE}
# Each service reads its port from its own variable; /health/ready checks its store and Kafka.
CMD ["node", "--enable-source-maps", "dist/server.js"]
