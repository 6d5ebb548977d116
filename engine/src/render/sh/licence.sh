# Kubernetes sessions need a licence that enables the Job Launcher. The status is read once
# into a variable (no pipe: grep -q ending early cannot fail the step under pipefail).
licence=$(rstudio-server license-manager status 2>&1) || true
if grep -qi 'expired' <<<"$licence"; then
  echo "The licence has expired (rstudio-server license-manager status): renew it before anything changes." >&2
  false
fi
grep -q '^Enable-Launcher: *1' <<<"$licence" ||
  { echo "The licence does not enable the Job Launcher (Enable-Launcher: 1): sessions on Kubernetes need a tier that includes it." >&2; false; }
