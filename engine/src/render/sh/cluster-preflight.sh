echo "This is node $node (node 1 is $first_name, $first_address)."
# Every node's clock must be synchronised (cookies and the cluster's heartbeats carry times).
synced=$(timedatectl show -p NTPSynchronized --value 2>/dev/null || echo unknown)
[ "$synced" = yes ] || { echo "The clock of $node is not synchronised (NTPSynchronized=$synced): enable chrony or systemd-timesyncd first." >&2; false; }
command -v psql >/dev/null 2>&1 || { echo 'psql is missing: the database step uses it (apt-get install postgresql-client, or dnf install postgresql).' >&2; false; }
command -v ssh >/dev/null 2>&1 || { echo 'ssh is missing: the steps compare this node with node 1 over ssh as root.' >&2; false; }
