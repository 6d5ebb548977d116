# Kubernetes RBAC only adds: a wider binding elsewhere (the original guide's cluster-admin for
# system:serviceaccounts:NAMESPACE, or this page's own from its cluster-admin mode) stays in force
# whatever is applied here. So the cluster is asked what each account may do: kubectl auth can-i
# --as impersonates the account with its groups (system:serviceaccounts and
# system:serviceaccounts:NAMESPACE), and anything beyond Posit's Role stops the step.
launcher=system:serviceaccount:$ns:$sa
sessions=system:serviceaccount:$ns:default
# can ACCOUNT VERB RESOURCE [FLAGS]: yes or no; an answer that is neither stops the step.
can() {
  local answer
  answer=$(kubectl auth can-i "${@:2}" -n "$ns" --as="$1" 2>/dev/null) || true
  case "$answer" in
    yes*) return 0 ;;
    no*) return 1 ;;
    *) echo "The cluster did not say what $1 may do: kubectl auth can-i --as needs permission to impersonate." >&2; exit 1 ;;
  esac
}
wider=0
must_not() {
  if can "$@"; then
    echo "$1 may $2 $3 in $ns: a binding gives it more than Posit's Role." >&2
    wider=1
  fi
}
if [ "$mode" = narrow ]; then
  # This page's own cluster-admin binding, from an earlier run in cluster-admin mode.
  kubectl -n "$ns" delete rolebinding "$sa-admin" --ignore-not-found
  must_not "$launcher" get secrets
  must_not "$launcher" create rolebindings
  must_not "$launcher" delete namespaces
fi
# Sessions run as the namespace's default account: it may do nothing in the cluster.
must_not "$sessions" get secrets
must_not "$sessions" list pods
must_not "$sessions" create pods
must_not "$sessions" create pods --subresource=exec
if [ "$wider" -ne 0 ]; then
  echo "Remove those bindings (kubectl get rolebindings -n $ns -o wide; kubectl get clusterrolebindings -o wide | grep -e $ns -e system:serviceaccounts), then run this step again." >&2
  exit 1
fi
can "$launcher" create jobs || { echo "$launcher may not create jobs in $ns: the Role above was not applied." >&2; exit 1; }
echo "The launcher's account has Posit's permissions and the sessions' account none."
