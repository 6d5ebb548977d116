# Workbench's own account and every listed user must have the same UID and GID on every node
# (Posit's requirement; NFS checks permissions by number). Node 1's are the cluster's: on the
# other nodes an absent account (and its primary group) is created with node 1's numbers, and an
# existing one whose numbers differ stops the step, named, never changed here.
differ=0
for user in rstudio-server "$@"; do
  mine=$(getent passwd "$user" | cut -d: -f3,4 || true)
  if [ "$node" = "$first_name" ]; then
    echo "$user: ${mine:-absent}"
    continue
  fi
  theirs=$(ssh -o BatchMode=yes "root@$first_address" getent passwd "$user" | cut -d: -f3,4 || true)
  if [ -z "$theirs" ]; then
    echo "$user is absent on node 1: run this runbook's users step on node 1 first." >&2
    differ=1
  elif [ -z "$mine" ]; then
    uid=${theirs%%:*}
    gid=${theirs#*:}
    group=$(ssh -o BatchMode=yes "root@$first_address" getent group "$gid" | cut -d: -f1 || true)
    [ -n "$group" ] || group=$user
    taken=$(getent passwd "$uid" | cut -d: -f1 || true)
    held=$(getent group "$group" | cut -d: -f3 || true)
    gid_of=$(getent group "$gid" | cut -d: -f1 || true)
    if [ -n "$taken" ]; then
      echo "$user cannot get UID $uid (node 1's) on $node: $taken has it. Give $taken another UID first." >&2
      differ=1
    elif [ -n "$held" ] && [ "$held" != "$gid" ]; then
      echo "Group $group is GID $held on $node but $gid on node 1: make them equal (groupmod -g) before going on." >&2
      differ=1
    elif [ -n "$gid_of" ] && [ "$gid_of" != "$group" ]; then
      echo "$user's group GID $gid (node 1's $group) is $gid_of on $node: give $gid_of another GID first." >&2
      differ=1
    else
      [ -n "$held" ] || groupadd --gid "$gid" -- "$group"
      if [ "$user" = rstudio-server ]; then
        useradd --system --uid "$uid" --gid "$gid" --no-create-home --shell /usr/sbin/nologin -- "$user"
      else
        # The home is node 1's, on the shared storage this node mounts.
        useradd --uid "$uid" --gid "$gid" --no-create-home --home-dir "$home_root/$user" --shell /bin/bash -- "$user"
        passwd "$user"
      fi
      echo "$user created on $node as $uid:$gid, node 1's."
    fi
  elif [ "$mine" != "$theirs" ]; then
    echo "$user is $mine (uid:gid) on $node but $theirs on node 1: make them equal (usermod -u, groupmod -g) before going on." >&2
    differ=1
  fi
done
[ "$differ" -eq 0 ]
