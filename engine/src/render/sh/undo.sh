# Puts back the first original of every file the write steps replaced (kept root-only under
# $backups, with its owner and mode), and removes the files they created; each is staged beside
# the file and renamed over it. Then NFS re-reads /etc/exports and the launcher and Workbench
# restart, reading their old configuration. The originals stay, so a later run keeps them.
backups=/var/lib/rsp-k8s-config/originals
if [ ! -d "$backups" ]; then
  echo "Nothing to undo: $backups does not exist (this page's files were never written here)." >&2
  exit 1
fi
new=''
trap 'rm -f -- "$new"' EXIT
while IFS= read -r -d '' kept; do
  case $kept in
    *.orig)
      path=${kept#"$backups"}
      path=${path%.orig}
      read -r owner mode < "$kept.meta"
      new=$(mktemp -- "$(dirname -- "$path")/.rsp-k8s-config.XXXXXXXX")
      chown -- "$owner" "$new"
      chmod -- "$mode" "$new"
      cat -- "$kept" > "$new"
      mv -f -- "$new" "$path"
      new=''
      echo "$path: restored"
      ;;
    *.absent)
      path=${kept#"$backups"}
      path=${path%.absent}
      rm -f -- "$path"
      echo "$path: removed (it did not exist before)"
      ;;
  esac
done < <(find "$backups" -type f \( -name '*.orig' -o -name '*.absent' \) -print0 | sort -z)
exportfs -ra
systemctl restart rstudio-launcher || echo "The launcher did not restart: see /var/log/rstudio/launcher/." >&2
systemctl restart rstudio-server
