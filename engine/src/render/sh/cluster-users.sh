# Workbench's own account and every listed user must have the same UID and GID on every node
# (Posit's requirement; NFS checks permissions by number). Compared with node 1's, never changed.
differ=0
for user in rstudio-server "$@"; do
  mine=$(getent passwd "$user" | cut -d: -f3,4)
  if [ "$node" = "$first_name" ]; then
    echo "$user: ${mine:-absent}"
    continue
  fi
  theirs=$(ssh -o BatchMode=yes "root@$first_address" getent passwd "$user" | cut -d: -f3,4)
  if [ "$mine" != "$theirs" ]; then
    echo "$user is ${mine:-absent} (uid:gid) on $node but ${theirs:-absent} on node 1: make them equal (usermod -u, groupmod -g) before going on." >&2
    differ=1
  fi
done
[ "$differ" -eq 0 ]
