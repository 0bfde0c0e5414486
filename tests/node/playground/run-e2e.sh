#!/usr/bin/env bash
# End-to-end run against a real Teams client (the Microsoft 365 Agents Playground) in headless Chromium:
# starts the model double, the bot (its built dll, Development, anonymous on loopback), the activity tap and the
# Playground, waits for each, runs drive.mjs once per scenario, stops everything it started, and exits non-zero
# if any scenario failed.
#
#   tests/node/playground/run-e2e.sh [scenario ...]        (default: personal; "all" = every scenario)
#
# One bot and one Playground serve all the scenarios, one after the other, each in a fresh browser. "welcome" is
# always run first: it needs the personal chat's first install (see scenarios/welcome.mjs).
#
# Needs: `npm ci --prefix tests/node`, Debian chromium, and a built bot (built here if the dll is missing).
# Environment (all optional):
#   E2E_ARTIFACTS    folder for screenshots, logs and results.jsonl (default: <repo>/TestResults/playground)
#   E2E_TIMEOUT_MS   per-step timeout in drive.mjs (default 30000)
#   BOT_DLL          the bot to run (default: src/TeamsBot/bin/$BOT_CONFIGURATION/net10.0/TeamsBot.dll)
#   BOT_CONFIGURATION  Debug (default) or Release, used for BOT_DLL and the build when it is missing
#   MODEL_DOUBLE_DELAY_MS  how long the model double thinks before its first word (default 0)
#   MODEL_DOUBLE_CHUNK_DELAY_MS  pause before each word of its answer (default 350): answers stream over seconds,
#                    so a streamed answer can be seen growing
#   E2E_WELCOME_TITLE  text of the bot's welcome card (default: drive.mjs's, "Welcome")
#   E2E_FEEDBACK_QUERY SELECT on the bot's SQLite database returning columns reaction, comment (default: drive.mjs's)
#   E2E_FEEDBACK_LOG   pattern a line of the bot's log must match after each feedback ({reaction} = like/dislike)
#   TAP_ANSWER_THREAD_TYPING  1 (default): the tap answers typing into channel threads itself; 0 passes it on to
#                    the Playground, whose UI then can lose the answer that follows (see activity-tap.mjs)
#   PLAYGROUND_PORT, BOT_PORT, MODEL_PORT, TAP_PORT   fixed ports (default: free ports chosen here)
# Every server binds 127.0.0.1. The last line is "N passed, N failed".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
node_dir="$repo/tests/node"
artifacts="${E2E_ARTIFACTS:-$repo/TestResults/playground}"
timeout_ms="${E2E_TIMEOUT_MS:-30000}"
configuration="${BOT_CONFIGURATION:-Debug}"
bot_dll="${BOT_DLL:-$repo/src/TeamsBot/bin/$configuration/net10.0/TeamsBot.dll}"
playground_cli="$node_dir/node_modules/@microsoft/teams-app-test-tool/cli.js"

scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(personal)
if [ "${scenarios[0]}" = all ]; then
  mapfile -t scenarios < <(node "$here/drive.mjs" --list | cut -f1)
fi
# "welcome" first (see above), the others in the order given.
ordered=()
for s in "${scenarios[@]}"; do [ "$s" = welcome ] && ordered=(welcome); done
for s in "${scenarios[@]}"; do [ "$s" = welcome ] || ordered+=("$s"); done
scenarios=("${ordered[@]}")

die() { echo "run-e2e: $*" >&2; exit 2; }
[ -f "$playground_cli" ] || die "the Playground is not installed: npm ci --prefix tests/node"
command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null || die "Chromium is missing: apt-get install -y chromium"
if [ ! -f "$bot_dll" ]; then
  echo "run-e2e: building the bot ($configuration) ..."
  dotnet build "$repo/src/TeamsBot" -c "$configuration" -nologo -v quiet >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/teamsbot-e2e.XXXXXX")"
rm -rf "$artifacts"
mkdir -p "$artifacts"
pids=()

drive_pid=
stop_all() {
  local status=$?
  if [ -n "$drive_pid" ]; then
    kill -TERM "$drive_pid" 2>/dev/null || true # drive.mjs closes its browser on SIGTERM
    wait "$drive_pid" 2>/dev/null || true
  fi
  # Newest first: Playground and tap before the bot, the bot before the model. Each by its own pid.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  # Keep the service logs next to the screenshots, then drop the temp folder (database, config copy).
  cp "$work"/*.log "$work"/*.jsonl "$artifacts"/ 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_for <what> <seconds> <pid> <command...>: runs the probe until it succeeds, the process dies or time is up.
wait_for() {
  local what="$1" seconds="$2" pid="$3"
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run-e2e: $what exited before it was ready; its log:" >&2
      tail -n 40 "$work/$what.log" >&2 || true
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "run-e2e: $what was not ready within ${seconds}s; its log:" >&2
      tail -n 40 "$work/$what.log" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
}
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }

model_port="${MODEL_PORT:-$(free_port)}"
bot_port="${BOT_PORT:-$(free_port)}"
tap_port="${TAP_PORT:-$(free_port)}"
playground_port="${PLAYGROUND_PORT:-$(free_port)}"
t0=$SECONDS

# 1. The model double. It writes its answer word by word, MODEL_DOUBLE_CHUNK_DELAY_MS apart, like a real model: the
#    personal scenario checks that part of the answer shows before the final card.
MODEL_DOUBLE_PORT="$model_port" MODEL_DOUBLE_LOG="$work/model-requests.jsonl" \
  MODEL_DOUBLE_DELAY_MS="${MODEL_DOUBLE_DELAY_MS:-0}" MODEL_DOUBLE_CHUNK_DELAY_MS="${MODEL_DOUBLE_CHUNK_DELAY_MS:-350}" \
  node "$here/model-double.mjs" >"$work/model.log" 2>&1 &
pids+=($!)
wait_for model 15 "${pids[-1]}" http_ok "http://127.0.0.1:$model_port/healthz"

# 2. The bot, anonymous on loopback (Development), with its own SQLite file. It may download files from 127.0.0.1
#    (plain http is allowed only for a listed loopback host): the "files" scenario serves its document there.
(
  cd "$(dirname "$bot_dll")"
  ASPNETCORE_ENVIRONMENT=Development \
  Model__Provider=OpenAI Model__Endpoint="http://127.0.0.1:$model_port/v1" Model__Deployment=test-model \
  Storage__Provider=Sqlite Storage__ConnectionString="Data Source=$work/bot.db" \
  Knowledge__AllowedDownloadHosts__0=127.0.0.1 \
  exec dotnet "$bot_dll" --urls "http://127.0.0.1:$bot_port"
) >"$work/bot.log" 2>&1 &
pids+=($!)
wait_for bot 60 "${pids[-1]}" http_ok "http://127.0.0.1:$bot_port/healthz"
bot_ready=$SECONDS

# 3. The Playground. It posts activities to the tap (BOT_ENDPOINT) and puts the tap's /_connector in serviceUrl,
#    so the tap records both directions. It reads its Teams context (ids) from the yml next to this script.
(
  cd "$work"
  M365_AGENTS_PLAYGROUND_CONFIG_PATH="$here/.m365agentsplayground.yml" \
  M365_AGENTS_PLAYGROUND_LOGFILE="$work/playground-internal.log" \
  TEAMSAPPTESTER_BROWSER=none \
  BOT_ENDPOINT="http://127.0.0.1:$tap_port/api/messages" \
  exec node -r "$here/bind-loopback.cjs" "$playground_cli" start -p "$playground_port" --disable-telemetry \
    --service-url "http://127.0.0.1:$tap_port/_connector"
) >"$work/playground.log" 2>&1 &
pids+=($!)
wait_for playground 30 "${pids[-1]}" grep -q '^Listening on ' "$work/playground.log"
actual_port="$(sed -n 's/^Listening on \([0-9]*\).*/\1/p' "$work/playground.log" | head -n 1)"
# When the port is taken the Playground silently picks another one; the tap must know the real one.
[ "$actual_port" = "$playground_port" ] || echo "run-e2e: the Playground took port $actual_port, not $playground_port" >&2
wait_for playground 30 "${pids[-1]}" http_ok "http://127.0.0.1:$actual_port/"
playground_ready=$SECONDS

# 4. The tap between the Playground and the bot. It answers plain typing into channel threads itself: the
#    Playground UI drops its websocket on those and loses the answer that follows (see activity-tap.mjs).
TAP_PORT="$tap_port" TAP_BOT="http://127.0.0.1:$bot_port" TAP_PLAYGROUND="http://127.0.0.1:$actual_port" \
  TAP_LOG="$work/activities.jsonl" TAP_ANSWER_THREAD_TYPING="${TAP_ANSWER_THREAD_TYPING:-1}" \
  node "$here/activity-tap.mjs" >"$work/tap.log" 2>&1 &
pids+=($!)
wait_for tap 15 "${pids[-1]}" grep -q '"listening"' "$work/tap.log"

echo "run-e2e: model :$model_port, bot :$bot_port (ready in $((bot_ready - t0))s), playground :$actual_port" \
  "(ready $((playground_ready - bot_ready))s later), tap :$tap_port"

drive_args=(--url "http://127.0.0.1:$actual_port" --artifacts "$artifacts" --timeout-ms "$timeout_ms"
  --model-log "$work/model-requests.jsonl" --tap-log "$work/activities.jsonl" --db "$work/bot.db" --bot-log "$work/bot.log")
[ -n "${E2E_WELCOME_TITLE:-}" ] && drive_args+=(--welcome-title "$E2E_WELCOME_TITLE")
[ -n "${E2E_FEEDBACK_QUERY:-}" ] && drive_args+=(--feedback-query "$E2E_FEEDBACK_QUERY")
[ -n "${E2E_FEEDBACK_LOG:-}" ] && drive_args+=(--feedback-log "$E2E_FEEDBACK_LOG")

passed=0
failed=0
for scenario in "${scenarios[@]}"; do
  status=0
  # In the background and waited for, so that a signal reaches the trap at once instead of after the scenario.
  node "$here/drive.mjs" "$scenario" "${drive_args[@]}" >>"$artifacts/results.jsonl" &
  drive_pid=$!
  wait "$drive_pid" || status=$?
  drive_pid=
  line="$(tail -n 1 "$artifacts/results.jsonl")"
  if [ $status -eq 0 ]; then
    passed=$((passed + 1))
    echo "PASS $scenario $(node -e 'const r=JSON.parse(process.argv[1]);console.log(`${r.ms} ms, ${r.screenshot}`)' "$line")"
  else
    failed=$((failed + 1))
    echo "FAIL $scenario: $(node -e 'try{console.log(JSON.parse(process.argv[1]).error)}catch{console.log(process.argv[1])}' "$line")"
  fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
