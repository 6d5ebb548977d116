# check_api < token: calls the API as the launcher will, with its CA ($ca, base64; empty: the
# system's trust store), never --insecure. The token reaches curl in a header file, never on a
# command line (any local user can read /proc/*/cmdline); that file and the CA sit in a private
# directory (mktemp -d: mode 0700, a name no one can guess or create first), removed on any
# exit. curl reads headers from a file (-H @FILE) since 7.55.0 (https://curl.se/ch/7.55.0.html).
check_api() (
  tmp=$(mktemp -d)
  trap 'rm -rf -- "$tmp"' EXIT
  token=''
  IFS= read -r token || true
  [ -n "$token" ] || { echo 'No token to check the API with.' >&2; exit 1; }
  printf 'Authorization: Bearer %s\n' "$token" > "$tmp/auth"
  unset token
  set -- --fail --silent --show-error --header "@$tmp/auth"
  if [ -n "$ca" ]; then
    printf '%s' "$ca" | base64 -d > "$tmp/ca.pem"
    set -- "$@" --cacert "$tmp/ca.pem"
  fi
  curl "$@" -- "$api/api" >/dev/null
  echo 'The API answers and accepts the token.'
)
