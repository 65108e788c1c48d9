# syntax=docker/dockerfile:1
# Tandang in a container: docker build -t tandang . (see README, "Deploying").
# Debian slim, not Alpine: the npm-shipped database binaries need glibc.
ARG NODE_VERSION=22

# 1. Build: every dependency (dev included), the generated Prisma client, the build if any.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NODE_ENV=development \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY package.json package-lock.json ./
# The workspace's manifest only (npm ci reads it; its code is for tests and the demo, not the image).
COPY packages/fake-bot-api/package.json ./packages/fake-bot-api/
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
RUN npm ci
COPY src ./src
COPY locales ./locales
COPY data ./data
RUN npm run build --if-present \
 && npm prune --omit=dev \
 && npm cache clean --force

# 2. Run: the built app and production dependencies only, as an unprivileged user.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    npm_config_update_notifier=false \
    DATA_DIR=/data \
    METRICS_PORT=9464
RUN groupadd --system tandang \
 && useradd --system --gid tandang --home-dir /home/tandang --create-home --shell /usr/sbin/nologin tandang \
 && mkdir -p /data \
 && chown tandang:tandang /data \
 && chmod 0700 /data
WORKDIR /app
COPY --from=build --chown=root:root /app /app
USER tandang
# The embedded database and received files (or only files, with DATABASE_URL set).
VOLUME ["/data"]
# /healthz is asked inside the container, on 127.0.0.1:METRICS_PORT: nothing is published for it.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
  CMD ["node", "scripts/healthcheck.mjs"]
STOPSIGNAL SIGTERM
# What `npm start` runs, but started directly: npm does not pass SIGTERM on to the bot (measured:
# the bot kept running after npm exited), and docker stop must reach the bot to stop it cleanly.
CMD ["node", "--liftoff-only", "--max-semi-space-size=2", "dist/src/main.js"]
