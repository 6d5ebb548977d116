# This machine's own firewall, where one is active: Workbench's and the launcher's ports from
# the other nodes and the load balancer, PostgreSQL's and NFS's only where they run.
if systemctl is-active --quiet firewalld 2>/dev/null; then
  allow() { firewall-cmd --permanent --add-rich-rule="rule family=$( [ "${1#*:}" = "$1" ] && echo ipv4 || echo ipv6 ) source address=$1 port port=$2 protocol=tcp accept"; }
  reload() { firewall-cmd --reload; }
elif command -v ufw >/dev/null 2>&1 && ufw status | grep -q '^Status: active'; then
  allow() { ufw allow from "$1" to any port "$2" proto tcp; }
  reload() { :; }
else
  echo 'No active firewalld or ufw here: open these in your network firewall.' >&2
  allow() { echo "allow tcp $2 from $1"; }
  reload() { :; }
fi
for entry in $nodes; do
  peer=${entry#*=}
  case "$addresses" in *" $peer "*) continue ;; esac
  for port in "$www_port" "$launcher_port"; do
    [ -z "$node" ] || allow "$peer" "$port"
  done
  case "$addresses" in *" $nfs_host "*) allow "$peer" 2049 ;; esac
  case "$addresses" in *" $db_host "*) allow "$peer" "$db_port" ;; esac
done
if [ -n "$node" ] && [ -n "$lb" ]; then
  allow "$lb" "$www_port"
fi
reload
