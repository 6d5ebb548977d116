# A node's step: this machine must be one of the nodes.
[ -n "$node" ] || { echo "This machine has none of the nodes' addresses ($nodes): run this step on a node." >&2; false; }
