# Image of one service: docker build --build-arg SERVICE=<folder under services/> .
# (docker compose passes SERVICE; the build context is the repository root.)
FROM node:20-bookworm-slim AS build
ARG SERVICE
WORKDIR /app
RUN npm install -g pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile --prod --filter "./services/${SERVICE}..."

FROM node:20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
WORKDIR /app/services/${SERVICE}
# Each service reads its port from its own variable; /health/ready checks its store and Kafka.
CMD ["node", "--enable-source-maps", "--import", "tsx", "src/server.ts"]
