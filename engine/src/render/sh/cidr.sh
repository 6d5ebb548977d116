# within INNER OUTER: whether the IPv4 range INNER (a.b.c.d/n) lies inside OUTER; an IPv6 range
# only when both are written the same (the message then asks for the cluster's exact range).
ip4() {
  local a b c d
  IFS=. read -r a b c d <<<"$1"
  echo $(((a << 24) | (b << 16) | (c << 8) | d))
}
within() {
  case "$1$2" in *:*) [ "$1" = "$2" ]; return ;; esac
  local inner_len=${1#*/} outer_len=${2#*/}
  [ "$inner_len" -ge "$outer_len" ] || return 1
  local mask=$(((0xffffffff << (32 - outer_len)) & 0xffffffff))
  [ $(($(ip4 "${1%/*}") & mask)) -eq $(($(ip4 "${2%/*}") & mask)) ]
}
