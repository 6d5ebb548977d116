# Node 1 makes the key once; every other node copies node 1's, with its mode (root:root 0600).
# A key that differs from node 1's is never overwritten here: the step stops and says so.
if [ ! -s "$key" ]; then
  new=$(mktemp -- "$key.XXXXXXXX")
  trap 'rm -f -- "$new"' EXIT
  chown root:root "$new"
  chmod 0600 "$new"
  if [ "$node" = "$first_name" ]; then
    cat /proc/sys/kernel/random/uuid > "$new"
  else
    ssh -o BatchMode=yes "root@$first_address" cat "$key" > "$new"
  fi
  [ -s "$new" ] || { echo "No key to install (node 1 has none yet: run this step on node 1 first)." >&2; false; }
  mv -f -- "$new" "$key"
fi
chown root:root "$key"
chmod 0600 "$key"
mine=$(sha256sum < "$key")
if [ "$node" != "$first_name" ]; then
  theirs=$(ssh -o BatchMode=yes "root@$first_address" sha256sum "$key")
  [ "${mine%% *}" = "${theirs%% *}" ] || { echo "The secure cookie key of $node differs from node 1's: this node would not join the cluster. Move $key aside and run this step again." >&2; false; }
fi
echo "Secure cookie key in place (sha256 ${mine%% *}, the same on every node)."
