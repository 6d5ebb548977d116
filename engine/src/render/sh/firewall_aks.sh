# The cluster's network plugin and node subnets, compared with this page's node range first.
show() { az aks show --resource-group "$group" --name "$cluster" --query "$1" --output tsv; }
plugin=$(show 'networkProfile.networkPlugin')
mode=$(show 'networkProfile.networkPluginMode')
node_group=$(show 'nodeResourceGroup')
if [ "$plugin" = azure ] && [ "$mode" != overlay ] && [ -n "$(show 'agentPoolProfiles[].podSubnetId' | tr -d '[:space:]')" ]; then
  echo "Pods have a subnet of their own (Azure CNI with a pod subnet): these rules assume they leave from the node addresses. Allow the pod subnet to reach the VM on the callback port too." >&2
fi
subnets=$(show 'agentPoolProfiles[].vnetSubnetId')
if [ -n "$subnets" ]; then
  # shellcheck disable=SC2086 # one subnet ID per word
  cidrs=$(for subnet in $subnets; do az network vnet subnet show --ids "$subnet" --query addressPrefix --output tsv; done)
else
  # A VNet that AKS made itself lives in the node resource group.
  cidrs=$(az network vnet list --resource-group "$node_group" --query '[].subnets[].addressPrefix' --output tsv)
fi
[ -n "$cidrs" ] || { echo "The cluster's node subnet could not be read: check the resource group and cluster names." >&2; false; }
for cidr in $cidrs; do
  within "$cidr" "$nodes" || { echo "The node subnet is $cidr, outside $nodes: correct the page's node subnet." >&2; false; }
done
# The network security groups: the nodes' (in the node resource group) and the VM's (its NIC's, or its subnet's).
node_nsg=$(az network nsg list --resource-group "$node_group" --query '[0].id' --output tsv)
nic=$(az network nic list --query "[?ipConfigurations[?privateIPAddress=='${vm%/*}']] | [0].[networkSecurityGroup.id, ipConfigurations[0].subnet.id]" --output tsv)
read -r vm_nsg vm_subnet <<<"$nic"
if [ -z "$vm_nsg" ] || [ "$vm_nsg" = None ]; then
  vm_nsg=$(az network vnet subnet show --ids "$vm_subnet" --query networkSecurityGroup.id --output tsv)
fi
if [ -z "$node_nsg" ] || [ -z "$vm_nsg" ]; then
  echo "No network security group found for the nodes ($node_group) or the VM (${vm%/*}): check the page's VM address." >&2
  false
fi
# rule NSG-ID NAME PRIORITY PORTS FROM TO: an inbound TCP rule, made to match if it exists.
rule() {
  local verb=create
  az network nsg rule show --ids "$1/securityRules/$2" >/dev/null 2>&1 && verb=update
  az network nsg rule "$verb" --resource-group "$(cut -d/ -f5 <<<"$1")" --nsg-name "${1##*/}" --name "$2" --priority "$3" \
    --direction Inbound --access Allow --protocol Tcp --destination-port-ranges "$4" \
    --source-address-prefixes "$5" --destination-address-prefixes "$6" --output none
}
# Workbench reaches sessions on the nodes' NodePorts.
rule "$node_nsg" workbench-nodeports 3900 30000-32767 "$vm" "$nodes"
# Session pods call back to rserver: with kubenet and Azure CNI Overlay they leave from the node's address.
rule "$vm_nsg" workbench-callback 3901 "$port" "$nodes" "$vm"
# The nodes mount homes over NFSv4 (2049 only: no rpcbind).
rule "$vm_nsg" workbench-nfs 3902 2049 "$nodes" "$vm"
if [ -n "$users" ]; then
  # People open Workbench in their browser.
  rule "$vm_nsg" workbench-users 3903 "$port" "$users" "$vm"
fi
