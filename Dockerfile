# ory-graphql production image: compiled JavaScript, production dependencies only, non-root.
# Needs ORY_SDK_URL (the embedded emulator is refused with NODE_ENV=production). See README "Running in production".

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The emulator is the workspace package @ory-graphql/emulator: its package.json lets npm link it and install its
# dependencies, since the build compiles it first (the facade's build type-checks against its declarations).
COPY emulator/package.json ./emulator/
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY src ./src
COPY emulator ./emulator
# The demo page (served only outside production, see README "Demo app").
COPY demo ./demo
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000
WORKDIR /app
# Only the root manifest and lock, not emulator/: npm ci then skips the emulator workspace, whose folder is absent
# (no error, no link, none of its dependencies; checked with npm 11). --workspaces=false states that intent and
# would leave the link out even with emulator/package.json copied (its dependencies would still be installed,
# so it is not copied). Without the emulator, dist/src answers an unset ORY_SDK_URL with a configuration error;
# NODE_ENV=production refuses it before that anyway.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --workspaces=false --ignore-scripts && npm cache clean --force
# The compiled facade and its SDL only: the emulator (emulator/dist) stays in the build stage.
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/schema ./dist/schema
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
