# Only accounts that do not exist yet are created, and only they are asked for a password:
# an existing account (and its password) is left as it is.
for user in "$@"; do
  if id -u "$user" >/dev/null 2>&1; then
    echo "$user exists: left as it is."
  else
    useradd --create-home --home-dir "$home_root/$user" --shell /bin/bash "$user"
    passwd "$user"
  fi
done
