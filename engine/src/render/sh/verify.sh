# verify-installation needs Workbench stopped. Whatever happens next (success, failure, the
# time limit, Ctrl-C, a dropped SSH session), Workbench is started again on the way out.
pid=''
# shellcheck disable=SC2317 # run by the trap below
restore() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rstudio-server start
}
trap restore EXIT
trap 'exit 130' INT
trap 'exit 129' HUP
trap 'exit 143' TERM
echo "Stopping Workbench for verify-installation: users are disconnected until it ends (a maintenance window)." >&2
rstudio-server stop
# In the background, so that a signal interrupts the wait at once; the first session may
# pull a large image, hence the generous limit.
timeout --kill-after=30 "$verify_seconds" rstudio-server verify-installation --verify-user="$verify_user" &
pid=$!
verified=0
wait "$pid" || verified=$?
pid=''
case "$verified" in
  0) ;;
  124 | 137) echo "verify-installation did not finish within $verify_seconds s: see the step 'When something fails'." >&2; exit "$verified" ;;
  *) echo "verify-installation failed ($verified): see the step 'When something fails'." >&2; exit "$verified" ;;
esac
