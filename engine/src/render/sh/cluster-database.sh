# The password never leaves this node: read from a root-only file, or asked for without echo.
# psql gets it from a private passfile (never a command line or the environment).
if [ -f "$password_file" ]; then
  [ "$(stat -c '%u %a' -- "$password_file")" = '0 600' ] || { echo "$password_file must be root's and 0600." >&2; false; }
  IFS= read -r password < "$password_file" || true
elif [ -t 0 ]; then
  IFS= read -rsp "PostgreSQL password of $db_user@$db_host: " password
  echo
else
  echo "No password: put it in $password_file (root-only, 0600) or run this step at a terminal." >&2
  false
fi
[ -n "$password" ] || { echo 'The password is empty.' >&2; false; }
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
(umask 077 && printf '%s:%s:%s:%s:%s\n' "$db_host" "$db_port" "$db_name" "$db_user" "${password//:/\\:}" > "$tmp/pgpass")
q() { PGPASSFILE="$tmp/pgpass" PGCONNECT_TIMEOUT=10 psql -X -w -A -t -q -h "$db_host" -p "$db_port" -U "$db_user" -d "$db_name" -c "$1"; }
q 'select 1' >/dev/null || { echo "Cannot connect to $db_name on $db_host:$db_port as $db_user: check the firewall, pg_hba.conf and the password." >&2; false; }
version=$(q 'show server_version_num')
[ "$version" -ge "$((postgres_min * 10000))" ] || { echo "PostgreSQL here is $version; Workbench needs $postgres_min or later." >&2; false; }
# Empty, or Workbench's own (its schema_version table): anything else belongs to another product.
tables=$(q "select string_agg(table_schema || '.' || table_name, ' ' order by 1) from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')")
case " $tables " in
  '  ') echo "$db_name is empty: Workbench will create its tables." ;;
  *" public.schema_version "*) echo "$db_name holds Workbench's tables (this cluster's)." ;;
  *) echo "$db_name holds tables that are not Workbench's ($tables): use an empty database of its own." >&2; false ;;
esac
# Encrypted with the cluster's secure cookie key, so the file holds no clear password.
encrypted=$(printf '%s\n%s\n' "$password" "$password" | rstudio-server encrypt-password | tail -n 1)
[ -n "$encrypted" ] || { echo 'rstudio-server encrypt-password gave nothing: is the secure cookie key in place?' >&2; false; }
