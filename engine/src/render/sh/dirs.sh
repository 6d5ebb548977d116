# ensure_dir PATH OWNER:GROUP MODE: creates PATH only when it is absent. An existing directory
# is never re-owned or re-moded: what it is is said instead.
ensure_dir() {
  if [ -d "$1" ]; then
    echo "$1 exists: left as it is ($(stat -L -c '%U:%G %a' -- "$1"))."
  elif [ -e "$1" ] || [ -L "$1" ]; then
    echo "$1 exists and is not a directory: move it away, or choose another path on the page." >&2
    return 1
  else
    install -d -m "$3" -- "$1"
    chown -- "$2" "$1"
    echo "$1 created ($2, $3)."
  fi
}
