# Image of one service: docker build --build-arg SERVICE=<folder under services/> .
# (docker compose passes SERVICE; the build context is the repository root.)
FROM node:20-bookworm-slim AS build
ARG SERVICE
WORKDIR /app
RUN npm install -g pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile --prod --filter "./services/${SERVICE}..."

# The storefront (served by the gateway at /), built with its dev dependencies.
FROM node:20-bookworm-slim AS storefront
WORKDIR /app
RUN npm install -g pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile --filter "@shop/storefront..." && pnpm --filter @shop/storefront build

FROM node:20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
COPY --from=storefront --chown=node:node /app/apps/storefront/dist /app/apps/storefront/dist
# Writable by the service user; a named volume mounted here starts with this ownership.
RUN mkdir -p /var/lib/shop/mail && chown node:node /var/lib/shop/mail
USER node
WORKDIR /app/services/${SERVICE}
# Each service reads its port from its own variable; /health/ready checks its store and Kafka.
CMD ["node", "--enable-source-maps", "--import", "tsx", "src/server.ts"]
