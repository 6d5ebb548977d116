# Which node this machine is: the node whose address is one of this machine's own
# (hostname -I). $nodes is "name=address …", node 1 first; $first_* is node 1.
addresses=" $(hostname -I 2>/dev/null || true) "
node=''
for entry in $nodes; do
  case "$addresses" in *" ${entry#*=} "*) node=${entry%%=*} ;; esac
done
first=${nodes%% *}
first_name=${first%%=*}
first_address=${first#*=}
