# The cluster's VPC and subnets, compared with this page's node range before any rule is made.
describe() { aws eks describe-cluster --region "$region" --name "$cluster" --query "$1" --output text; }
vpc=$(describe 'cluster.resourcesVpcConfig.vpcId')
cluster_sg=$(describe 'cluster.resourcesVpcConfig.clusterSecurityGroupId')
read -r -a subnets <<<"$(describe 'cluster.resourcesVpcConfig.subnetIds')"
for cidr in $(aws ec2 describe-subnets --region "$region" --subnet-ids "${subnets[@]}" --query 'Subnets[].CidrBlock' --output text); do
  within "$cidr" "$nodes" || { echo "The cluster's subnet $cidr is outside $nodes: correct the page's node subnet (the VPC's range covers them all)." >&2; false; }
done
# The VM's security group: the instance with the VM's address, in the cluster's VPC.
vm_filter="Name=private-ip-address,Values=${vm%/*}"
case "$vm" in *:*) vm_filter="Name=network-interface.ipv6-addresses.ipv6-address,Values=${vm%/*}" ;; esac
read -r vm_vpc vm_sg <<<"$(aws ec2 describe-instances --region "$region" --filters "$vm_filter" \
  --query 'Reservations[0].Instances[0].[VpcId,SecurityGroups[0].GroupId]' --output text)"
[ "$vm_vpc" = "$vpc" ] || { echo "No instance with address ${vm%/*} in the cluster's VPC $vpc (found: $vm_vpc): check the page's VM address, or peer the VPCs and add these rules by hand." >&2; false; }
# allow GROUP PORTS FROM: an inbound TCP rule (IPv4 or IPv6); one that exists already counts as made.
allow() {
  local out range="IpRanges=[{CidrIp=$3}]"
  case "$3" in *:*) range="Ipv6Ranges=[{CidrIpv6=$3}]" ;; esac
  out=$(aws ec2 authorize-security-group-ingress --region "$region" --group-id "$1" \
    --ip-permissions "IpProtocol=tcp,FromPort=${2%-*},ToPort=${2#*-},$range" 2>&1) ||
    grep -q 'InvalidPermission.Duplicate' <<<"$out" || { echo "$out" >&2; false; }
}
# Workbench reaches sessions on the nodes' NodePorts (the cluster security group is on every managed node).
allow "$cluster_sg" 30000-32767 "$vm"
# Session pods call back to rserver: with the VPC CNI, pods have addresses from the node subnets.
allow "$vm_sg" "$port" "$nodes"
# The nodes mount homes over NFSv4 (2049 only: no rpcbind).
allow "$vm_sg" 2049 "$nodes"
if [ -n "$users" ]; then
  # People open Workbench in their browser.
  allow "$vm_sg" "$port" "$users"
fi
