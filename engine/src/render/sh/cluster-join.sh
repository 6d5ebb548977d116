# The node is in the cluster when rstudio-server list-nodes shows it; other nodes keep serving
# whatever this one does. Gives up after a minute.
for _ in $(seq 30); do
  listed=$(rstudio-server list-nodes 2>/dev/null || true)
  missing=''
  for entry in $nodes; do
    grep -qF -- "${entry#*=}" <<<"$listed" || missing="$missing ${entry%%=*}"
  done
  [ -n "$missing" ] || break
  sleep 2
done
echo "$listed"
[ -z "$missing" ] || { echo "Not in the cluster yet:$missing. On each, see /var/log/rstudio/rstudio-server/rserver.log (a secure cookie key or protocol that differs from node 1's keeps a node out)." >&2; false; }
curl -fsS "http://localhost:$www_port/load-balancer/status" || echo 'The status endpoint did not answer here (it may be served over HTTPS).' >&2
