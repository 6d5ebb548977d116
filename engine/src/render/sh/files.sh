# stage_file PATH OWNER:GROUP MODE [secret] [no-final-newline] < content; then commit_files.
# Each file is first written to a temporary file in its own directory, which gets its owner
# and mode before any content (a secret is never readable by others); only when every file is
# complete are they renamed over the old ones (a rename within a directory is atomic). A
# failure (a full disk, Ctrl-C) removes the temporary files and leaves every file as it was.
# The first original of each file is kept under $backups, readable by root only (0600), with
# its owner and mode in FILE.orig.meta; a file that did not exist is marked FILE.absent (the
# undo step removes it). A diff never shows a token's value (a line KEY-token=… or token=…):
# an old token being replaced is a secret too. no-final-newline: the file ends without one, as
# theirs did.
backups=/var/lib/rsp-k8s-config/originals
staged_tmp=()
staged_path=()
stage_file() {
  local path=$1 owner=$2 mode=$3 secret='' final=1 flag dir new
  shift 3
  for flag in "$@"; do
    case $flag in
      secret) secret=secret ;;
      no-final-newline) final=0 ;;
    esac
  done
  dir=$(dirname -- "$path")
  [ -d "$dir" ] || install -d -m 0755 -- "$dir"
  new=$(mktemp -- "$dir/.rsp-k8s-config.XXXXXXXX")
  staged_tmp+=("$new")
  staged_path+=("$path")
  chown -- "$owner" "$new"
  chmod -- "$mode" "$new"
  if [ "$final" = 1 ]; then
    cat > "$new"
  else
    printf '%s' "$(cat)" > "$new"
  fi
  if [ ! -e "$path" ]; then
    echo "$path: new"
  elif [ "$secret" = secret ]; then
    cmp -s -- "$path" "$new" || echo "$path: changed (not shown: it holds a secret)"
  else
    diff -u -- "$path" "$new" | sed -E 's/^([-+ ][[:space:]]*([[:alnum:]_.-]*-)?[Tt][Oo][Kk][Ee][Nn][[:space:]]*=).+$/\1(hidden)/' || true
  fi
}
keep_original() {
  local path=$1 kept="$backups$1.orig"
  [ -d "$backups" ] || install -d -m 0700 -- "$backups"
  mkdir -p -- "$(dirname -- "$kept")"
  # An earlier run of this page kept PATH.orig beside the file, with its mode: move it here.
  if [ -e "$path.orig" ] && [ ! -e "$kept" ]; then
    mv -- "$path.orig" "$kept"
    chmod 0600 -- "$kept"
  fi
  [ ! -e "$kept" ] && [ ! -e "$backups$1.absent" ] || return 0
  stat -c '%U:%G %a' -- "$path" > "$kept.meta"
  (umask 077 && cp -- "$path" "$kept")
}
mark_absent() {
  [ -d "$backups" ] || install -d -m 0700 -- "$backups"
  mkdir -p -- "$(dirname -- "$backups$1")"
  [ -e "$backups$1.orig" ] || [ -e "$backups$1.absent" ] || : > "$backups$1.absent"
}
commit_files() {
  local i
  for i in "${!staged_path[@]}"; do
    if [ -e "${staged_path[$i]}" ]; then
      keep_original "${staged_path[$i]}"
    else
      mark_absent "${staged_path[$i]}"
    fi
  done
  for i in "${!staged_path[@]}"; do
    mv -f -- "${staged_tmp[$i]}" "${staged_path[$i]}"
  done
  staged_tmp=()
  staged_path=()
}
trap 'rm -f -- "${staged_tmp[@]}"' EXIT
