# The token is read from the cluster where kubectl works here, else typed (not shown): it is
# never in this script. It replaces the file only if it looks like a token (a JWT: three
# base64url parts), so an empty Secret or a bad paste leaves a working file as it was.
token=''
if kubectl -n "$ns" get secret "$secret" >/dev/null 2>&1; then
  token=$(kubectl -n "$ns" get secret "$secret" -o jsonpath='{.data.token}' | base64 -d) || token=''
else
  printf 'Paste the launcher token (not shown; the workstation step says how to see it): ' >&2
  IFS= read -rs token || true
  echo >&2
fi
if ! [[ "$token" =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]]; then
  echo "No valid token (the Secret $secret has none yet, or the paste was not a token): $token_path is left as it was." >&2
  exit 1
fi
stage_file "$token_path" root:rstudio-server 0640 secret < <(printf "%s" "$token")
unset token
commit_files
