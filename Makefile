# Shop backend. Quickstart: `make up` (engines + services), `make test` (everything).
# Engines run in Docker when a Docker engine answers, natively otherwise; INFRA=docker|native
# overrides. Every target provisions what it needs on a fresh machine. REPLICAS=2 (natively) runs
# two processes of every service that consumes events or runs jobs (infra/services.txt).
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Every target runs Node 24 (infra/versions.env): the machine's when it is recent enough, else
# one unpacked from the npm registry into .data/cache (infra/native/node.sh), first on PATH for
# every recipe, script and service started from here.
NODE_BIN := $(shell infra/native/node.sh)
ifeq ($(NODE_BIN),)
$(error no Node 24 to run: infra/native/node.sh says why above)
endif
export PATH := $(NODE_BIN):$(PATH)

INFRA ?= $(shell docker info >/dev/null 2>&1 && echo docker || echo native)
REPLICAS ?= 1
PNPM_VERSION := $(shell sed -n 's/.*"packageManager": "pnpm@\([^"]*\)".*/\1/p' package.json)
COMPOSE := docker compose
SERVICES := $(shell awk 'NF && $$1 !~ /^[[:punct:]]/ {print $$1}' infra/services.txt)
# What the storefront build depends on: rebuilt only when one of these changed.
STOREFRONT_SOURCES := $(shell find apps/storefront \( -name node_modules -o -name dist \) -prune -o -type f -print 2>/dev/null)

ifeq ($(filter $(INFRA),docker native),)
$(error INFRA must be docker or native, not '$(INFRA)')
endif
ifeq ($(filter $(REPLICAS),1 2),)
$(error REPLICAS must be 1 or 2, not '$(REPLICAS)')
endif

.PHONY: help node env tools install build dev provision infra-up infra-down services-up services-down up down \
	status logs test lint typecheck format test-only compose-check watch-events test-event audit dlq urls clean \
	storefront seed demo browser bench profile rotate-keys fuzz
.PHONY: observe observe-down alerts-check cqlsh mongosh mysql kcat

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  (engines: $(INFRA); override with INFRA=docker|native)"

node: ## say which Node every target runs (and where it comes from)
	@echo "[node] $$(infra/native/node.sh --describe)"

env: ## generate .env with fresh secrets (kept once created)
	@infra/gen-env.sh

# pnpm runs on the node first on PATH (its launcher is `#!/usr/bin/env node`); when it is missing
# it is installed with the machine's npm into the prefix of that node (.data/cache/node-* when
# provisioned), so it lands on PATH beside it.
tools: ## install pnpm (the version pinned in package.json) if missing
	@[[ "$$(pnpm -v 2>/dev/null)" == "$(PNPM_VERSION)" ]] || \
	  npm install -g --silent --prefix "$(NODE_BIN)/.." "pnpm@$(PNPM_VERSION)"

install: tools ## install node dependencies from the lockfile
	@pnpm install --frozen-lockfile --reporter=silent

build: install ## compile every package and service to dist/ (tsc -b: only what changed)
	@pnpm --silent build

# The services from their TypeScript sources, restarted on every change (tsx watch), in the
# foreground; Ctrl-C stops them. Engines first (make infra-up).
dev: install env ## run SERVICE=<folder under services/> (or every service) with tsx watch
ifdef SERVICE
	@pnpm --filter "{./services/$(SERVICE)}" dev
else
	@pnpm --parallel --filter "./services/*" dev
endif

provision: ## download/build the native engines (no-op on the Docker path)
ifeq ($(INFRA),native)
	@infra/native/provision.sh
endif

infra-up: env ## start MySQL, MongoDB, Cassandra and Kafka (idempotent) and create topics
ifeq ($(INFRA),docker)
	$(COMPOSE) up -d --wait mysql mongo cassandra kafka
	$(COMPOSE) run --rm kafka-init
else
	@infra/native/engines.sh up
endif

infra-down: ## stop the engines this project started
ifeq ($(INFRA),docker)
	$(COMPOSE) stop mysql mongo cassandra kafka
else
	@infra/native/engines.sh down
endif

storefront: apps/storefront/dist/index.html ## build the web storefront the gateway serves at /

apps/storefront/dist/index.html: $(STOREFRONT_SOURCES) | install
	@mkdir -p .data/run && flock .data/run/storefront.lock pnpm --silent --filter @shop/storefront build

# Natively the gateway serves the storefront build from disk; the Docker image builds its own.
# Compose publishes each service on a fixed host port, so `--scale` cannot add a second one:
# replicas run natively (README, "Two replicas").
# Natively services.sh compiles what changed (pnpm build) and runs `node dist/server.js`.
services-up: $(if $(filter native,$(INFRA)),storefront) ## start every service (after infra-up and install; REPLICAS=2: two of each consumer)
ifeq ($(INFRA),docker)
	@[[ "$(REPLICAS)" == 1 ]] || { echo "REPLICAS=$(REPLICAS) runs natively only: INFRA=native (see README)"; exit 1; }
	$(if $(SERVICES),$(COMPOSE) up -d --build --wait $(SERVICES),@echo "no services yet")
else
	@REPLICAS=$(REPLICAS) infra/native/services.sh up
endif

services-down: ## stop every service (and every second replica)
ifeq ($(INFRA),docker)
	$(if $(SERVICES),$(COMPOSE) stop $(SERVICES),@true)
else
	@REPLICAS=$(REPLICAS) infra/native/services.sh down
endif

up: node infra-up install services-up urls ## engines, then services, then print the URLs

down: $(if $(filter native,$(INFRA)),observe-down) services-down infra-down ## stop services and engines; leaves no process behind

status: ## health of every engine and service
ifeq ($(INFRA),docker)
	$(COMPOSE) ps
else
	@rc=0; infra/native/engines.sh status || rc=1; REPLICAS=$(REPLICAS) infra/native/services.sh status || rc=1; exit $$rc
endif

logs: ## follow the engine and service logs
ifeq ($(INFRA),docker)
	$(COMPOSE) logs -f --tail 50
else
	@tail -n 20 -F .data/logs/*.log
endif

test: node provision browser install infra-up lint typecheck compose-check alerts-check test-only ## provision, install, lint, typecheck and run every test

browser: ## install Debian's chromium for the browser tests (if there is none)
	@infra/browser.sh

lint: install ## biome lint + format check
	@pnpm lint

typecheck: install ## tsc --noEmit over every package and service
	@pnpm typecheck

format: install ## rewrite files with biome
	@pnpm format

test-only: ## run the unit tests, the vitest projects against running engines, make fuzz, then the fault tests alone
	@pnpm test:unit
	@pnpm test
	@$(MAKE) fuzz
	@INFRA=$(INFRA) pnpm test:faults

# The end-to-end suites leave the services running: inside `make test` this starts nothing.
fuzz: infra-up install services-up ## Schemathesis (--checks all, bounded time) against every service's OpenAPI document; zero failures
	@infra/fuzz.sh

rotate-keys: ## JWT key rotation, one STEP at a time: stage, promote, retire (docs/tokens.md); no STEP: status
	@infra/rotate-keys.sh $(or $(STEP),status)

compose-check: ## validate docker-compose.yml with docker compose config
	@infra/compose-check.sh

alerts-check: ## promtool: check the Prometheus config and alert rules, run the rules' unit tests
	@infra/alerts-check.sh

# Natively only; the Docker path has the compose profile (Prometheus, Grafana, Jaeger).
observe: env ## Prometheus with the alert rules (:9090) and Zipkin for traces (:9411), natively
ifeq ($(INFRA),docker)
	@echo "On Docker: docker compose --profile observability up -d (Prometheus :9090 with the same"
	@echo "alert rules, Grafana :3000, Jaeger :16686); see infra/observability/README.md."
	@exit 1
else
	@infra/native/observe.sh up
endif

observe-down: ## stop what make observe started
ifeq ($(INFRA),docker)
	@echo "On Docker: docker compose stop otel-collector jaeger prometheus grafana"
else
	@infra/native/observe.sh down
endif

# Shells into the stores, each client provisioned on first use; ARGS='…' is passed to the client.
cqlsh: env ## CQL shell on Cassandra, in the order keyspace (cqlsh from PyPI)
	@infra/shells.sh cqlsh $(ARGS)

mongosh: env ## MongoDB shell (mongosh from npm); DB=itemdb (default) or notificationdb
	@DB=$(DB) infra/shells.sh mongosh $(ARGS)

mysql: env ## MySQL shell as the service's user; DB=payments (default), accounts or carts
	@DB=$(DB) infra/shells.sh mysql $(ARGS)

kcat: env ## kcat on Kafka: lists brokers and topics, or runs ARGS (e.g. ARGS='-C -t order.events -e')
	@infra/shells.sh kcat $(ARGS)

watch-events: ## print saga events with key and headers (TOPIC=payment.events, FROM_BEGINNING=1)
	@INFRA=$(INFRA) infra/watch-events.sh

test-event: ## publish a harmless test message that watch-events shows
	@INFRA=$(INFRA) infra/test-event.sh

seed: env ## idempotent demo data through the gateway: catalog with pictures, admin, demo customer
	@pnpm --silent --filter @shop/demo seed

demo: seed ## a scripted purchase, decline, completion and refund through the gateway, with its events
	@pnpm --silent --filter @shop/demo demo

bench: ## load test of the running stack: catalog, POST /orders, the saga; writes bench/results/
	@INFRA=$(INFRA) infra/bench.sh

# Natively only: the services run again with --cpu-prof during the saga part; each writes its
# .cpuprofile on exit (open it in Chrome DevTools → Performance, or speedscope).
profile: ## CPU profiles of the services under the saga load, written to .data/profiles/
	@[[ "$(INFRA)" == native ]] || { echo "make profile runs the native services only"; exit 1; }
	@infra/native/services.sh down && mkdir -p .data/profiles
	@SERVICE_NODE_FLAGS="--cpu-prof --cpu-prof-dir=$(CURDIR)/.data/profiles" infra/native/services.sh up
	@status=0; BENCH_PARTS=c BENCH_SAGA_SECONDS=$${BENCH_SAGA_SECONDS:-30} INFRA=native \
	  infra/bench.sh || status=$$?; \
	  infra/native/services.sh down && infra/native/services.sh up && ls -1 .data/profiles; \
	  exit $$status

audit: env ## check docs/contract/invariants.md across every store and the DLQs; exits 1 on a violation (AUDIT_GRACE_SECONDS=60)
	@cd tests/e2e && node --env-file=../../.env --conditions=@shop/source --import tsx src/audit-cli.ts

dlq: env ## dead-lettered events: list (pending), ARGS="list --all", "replay <id>...|--all", "ack <id> --note '...'"
	@cd tools/dlq && node --env-file=../../.env --conditions=@shop/source --import tsx src/cli.ts $(ARGS)

urls: ## print where everything listens
	@echo "engines:  MySQL 127.0.0.1:3306  MongoDB 127.0.0.1:27017  Cassandra 127.0.0.1:9042  Kafka 127.0.0.1:9092"
	@awk -v replicas=$(REPLICAS) 'NF && $$1 !~ /^[[:punct:]]/ { \
	  printf "%-22s http://127.0.0.1:%s  (API docs: /docs)\n", $$1 ":", $$3; \
	  if (replicas > 1 && $$4 != "") printf "%-22s http://127.0.0.1:%s\n", $$1 "-2:", $$3 + 100 }' infra/services.txt
	@echo "events:   make watch-events"

clean: down ## stop everything and delete data, logs, caches and node_modules
ifeq ($(INFRA),docker)
	$(COMPOSE) down -v
endif
	rm -rf .data node_modules apps/*/node_modules apps/storefront/dist packages/*/node_modules \
		packages/*/dist services/*/node_modules services/*/dist tests/*/node_modules
