# ensure_dir PATH OWNER:GROUP MODE: creates PATH only when it is absent. An existing directory
# is never re-owned or re-moded: what it is is said instead.
ensure_dir() {
  local real
  # Through a symbolic link (of the directory or of a parent) the export, the mounts and the
  # owner would land where it points, such as /etc: only the real path is accepted.
  real=$(realpath -m -- "$1")
  if [ "$real" != "$1" ]; then
    echo "$1 leads through a symbolic link to $real: set the page's path to the real directory, after checking it is meant to be shared." >&2
    return 1
  fi
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
# own_filesystem PATH: says when PATH shares the root file system, which an NFS export with
# no_subtree_check exposes to a client that guesses file handles (exports(5)).
own_filesystem() {
  if [ "$(findmnt -n -o TARGET --target "$1" 2>/dev/null || true)" = / ]; then
    echo "Note: $1 is on the root file system. A file system of its own (a disk mounted at $1) keeps NFS clients away from the rest of /." >&2
  fi
}
