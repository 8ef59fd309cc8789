# One image per service, all from this file:
#   docker build --target gateway -t etl-gateway .   (with the web console)
#   docker build --target users   -t etl-users .
#   docker build --target scripts -t etl-scripts .
#   docker build --target logs    -t etl-logs .
#   docker build --target runner  -t etl-runner .
# The build stage installs and compiles the whole workspace once; `pnpm deploy --prod` then
# copies each service with only its production dependencies (workspace packages such as
# @etl/kit included) into /out/<service>, and each final stage takes nothing else.
#
# Adding a subgraph: one `pnpm deploy` line in the build stage and a final stage like `users`
# (copy /out/<name>, PORT, EXPOSE); docker-compose.yml then names the stage as its build target.

ARG NODE_VERSION=22.23.3
ARG DEBIAN_RELEASE=bookworm

# ---------------------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS build
# Installed with npm: corepack's signature check of pnpm releases is unreliable.
ARG PNPM_VERSION=10.34.9
RUN npm install --global "pnpm@${PNPM_VERSION}" \
 && pnpm --version
WORKDIR /src

# Dependencies first, keyed on the lockfile alone: `pnpm fetch` downloads every package the
# lockfile names into the store without reading any package.json, so this layer is rebuilt only
# when pnpm-lock.yaml changes, whichever packages the workspace holds.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch --frozen-lockfile

# Then the sources (.dockerignore keeps out node_modules, dist, tests, .data and .git), the
# install from that store, and the build (tsc -b over every package).
COPY . .
RUN pnpm install --frozen-lockfile --offline \
 && pnpm build

# Each service with its production dependencies only. pnpm 10 needs --legacy here unless the
# workspace sets inject-workspace-packages.
RUN pnpm deploy --filter @etl/gateway --prod --legacy /out/gateway \
 && pnpm deploy --filter @etl/users --prod --legacy /out/users \
 && pnpm deploy --filter @etl/scripts --prod --legacy /out/scripts \
 && pnpm deploy --filter @etl/logs --prod --legacy /out/logs \
 && pnpm deploy --filter @etl/runner --prod --legacy /out/runner

# ---------------------------------------------------------------------------------------------
# What every service image shares. Code is owned by root, so the service (user node) cannot
# change it.
FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app

# ---------------------------------------------------------------------------------------------
FROM runtime AS gateway
COPY --from=build /out/gateway /app
# The committed supergraph the gateway serves (it lives at the workspace root, outside the
# package, so `pnpm deploy` does not carry it).
COPY --from=build /src/schema/supergraph.graphql /app/schema/supergraph.graphql
# The web console it serves at / (built by `pnpm build` into console/dist, a static bundle: no
# dependency of the console package is needed at run time, so it is copied, not deployed).
COPY --from=build /src/console/dist /app/console
ENV PORT=4000 \
    SUPERGRAPH_PATH=/app/schema/supergraph.graphql \
    CONSOLE_DIR=/app/console
EXPOSE 4000
USER node
# No curl in the slim image: node's own fetch asks /readyz.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]

# ---------------------------------------------------------------------------------------------
FROM runtime AS users
COPY --from=build /out/users /app
# Mount points of the keys volumes, owned by node: an empty named volume takes this directory's
# owner and mode when first mounted, so `node dist/cli.js keys --dir /keys --public-dir
# /public-keys` can write there.
RUN install -d -o node -g node -m 0700 /keys /public-keys
ENV PORT=4001
EXPOSE 4001
USER node
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]

# ---------------------------------------------------------------------------------------------
# The scripts subgraph checks script content with `python3 -I -S python/check_script.py` (parse
# only: ast, json, resource); it runs no script (runners do: the `runner` stage below), so it
# needs no sandbox. `pnpm deploy` copies every file of the package that is not ignored (it has no
# `files` field), so python/ comes along; .dockerignore keeps it in the context. The full
# `python3` package (Debian's python3.11, /usr/bin/python3, found as PYTHON_PATH's default
# `python3`), not python3-minimal. The import check fails the build when a module the checker
# imports is missing.
#
# Writable places, for a read-only root filesystem (Kubernetes):
# - The parser's scratch: the system temp folder, /tmp (Kubernetes mounts an emptyDir there).
# - Stored files of the local store (FILE_STORE=local, the default): FILES_DIR, a volume owned by
#   node (an empty named volume takes this directory's owner and mode when first mounted).
#   Kubernetes uses FILE_STORE=s3 instead: several replicas cannot share one folder.
# - /var/lib/etl/secrets: mount point of docker-compose.yml's generated file secrets (the
#   download-link key, MinIO's credentials), owned by node for the one-shot that writes them;
#   /var/lib/etl/gateway likewise, for the gateway's secret that every service reads,
#   /var/lib/etl/runner for the runner's (its database role's URL, the S3 credentials), and
#   /var/lib/etl/database/<role> for the database roles' URLs (the database-secrets one-shot).
FROM runtime AS scripts
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -I -S -c 'import ast, json, resource, sys' \
 && install -d -o node -g node -m 0700 /var/lib/etl/files /var/lib/etl/secrets /var/lib/etl/gateway \
    /var/lib/etl/runner /var/lib/etl/database/admin /var/lib/etl/database/users-owner \
    /var/lib/etl/database/users-service /var/lib/etl/database/scripts-owner \
    /var/lib/etl/database/scripts-service
COPY --from=build /out/scripts /app
ENV PORT=4002 \
    FILES_DIR=/var/lib/etl/files
VOLUME ["/var/lib/etl/files"]
EXPOSE 4002
USER node
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]

# ---------------------------------------------------------------------------------------------
# A runner: takes queued runs from the scripts database and runs each with
# `python3 -I -S -B python/run_script.py` (json, os, resource, sys) inside bubblewrap (Debian's
# `bubblewrap`, not setuid: it uses unprivileged user namespaces), which production requires
# (SCRIPT_SANDBOX). The container must allow it: see k8s/base/runner/deployment.yaml and the
# runner service of docker-compose.yml for what it needs and why. The full `python3` package,
# not python3-minimal: user scripts may import any of the standard library. No HTTP API: PORT
# serves only /healthz and /readyz.
#
# Writable places, for a read-only root filesystem (Kubernetes):
# - Run folders: SCRIPT_WORK_DIR is left unset, so they go to the system temp folder, /tmp
#   (os.tmpdir()); Kubernetes mounts an emptyDir there, sized for RUNNER_CONCURRENCY runs.
# - FILES_DIR (FILE_STORE=local, compose): the same files volume the scripts subgraph mounts;
#   runners store run outputs there. Owned by node like the scripts image's.
FROM runtime AS runner
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 bubblewrap \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -I -S -c 'import json, os, resource, sys' \
 && bwrap --version \
 && install -d -o node -g node -m 0700 /var/lib/etl/files
COPY --from=build /out/runner /app
ENV PORT=4010 \
    FILES_DIR=/var/lib/etl/files
EXPOSE 4010
USER node
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]

# ---------------------------------------------------------------------------------------------
# The logs subgraph: no database; reads pod logs from the Kubernetes API (LOGS_SOURCE=kubernetes,
# the pod's service account) or from the kubelet's files under LOGS_ROOT (LOGS_SOURCE=files).
FROM runtime AS logs
COPY --from=build /out/logs /app
ENV PORT=4003
EXPOSE 4003
USER node
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]
