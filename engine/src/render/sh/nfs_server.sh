# The OS family from os-release: Debian and Ubuntu (apt, nfs-kernel-server, ufw) or RHEL and
# its rebuilds (dnf, nfs-utils, firewalld). Installing twice is harmless.
# shellcheck disable=SC1090 # the file is the system's own
family=$(. "$os_release"; case " ${ID:-} ${ID_LIKE:-} " in
  *" debian "* | *" ubuntu "*) echo debian ;;
  *" rhel "* | *" fedora "* | *" centos "*) echo rhel ;;
  *) echo "${ID:-unknown}" ;;
esac)
case "$family" in
  debian)
    apt-get update
    apt-get install -y nfs-kernel-server
    ;;
  rhel) dnf install -y nfs-utils ;;
  *) echo "This VM runs $family: Workbench is packaged for Ubuntu/Debian and RHEL 8/9 only." >&2; false ;;
esac
# The VM's own firewall, where one is active: NFS from the nodes, the callback from the
# sessions, and people's browsers (each rule is added once; a re-run changes nothing).
# open FROM PORT
if [ "$family" = rhel ] && systemctl is-active --quiet firewalld; then
  open() {
    local ip=ipv4
    case "$1" in *:*) ip=ipv6 ;; esac
    firewall-cmd --permanent --add-rich-rule="rule family=$ip source address=$1 port port=$2 protocol=tcp accept"
  }
elif [ "$family" = debian ] && command -v ufw >/dev/null 2>&1 && grep -q '^Status: active' <<<"$(ufw status)"; then
  open() { ufw allow from "$1" to any port "$2" proto tcp; }
else
  open() { :; }
  echo "No active firewalld or ufw on this VM: nothing to open here (the network's firewall is the firewall step's)." >&2
fi
open "$nodes" 2049
open "$callers" "$port"
if [ -n "$users" ]; then
  open "$users" "$port"
fi
if [ "$family" = rhel ] && systemctl is-active --quiet firewalld; then
  firewall-cmd --reload
fi
