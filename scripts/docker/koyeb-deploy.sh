#!/usr/bin/env bash
# Creates or updates the Koyeb service that runs the API image (used by .github/workflows/deploy.yml;
# works the same from a shell with the koyeb CLI logged in).
#
#   IMAGE=ghcr.io/owner/repo-api:sha-… bash scripts/docker/koyeb-deploy.sh
#
# Every configuration value is stored as a Koyeb secret and referenced from the service, so no value
# shows in the service definition or in logs (and commas in CORS_ORIGINS or the service-account JSON
# survive the CLI's comma-separated flag parsing). Variables that are empty here are left as they are
# on the service. Optional: KOYEB_APP (holograms), KOYEB_SERVICE (api), KOYEB_REGISTRY_SECRET (the
# Koyeb registry secret for a private GHCR image), KOYEB_INSTANCE_TYPE, KOYEB_REGION.
set -euo pipefail

: "${IMAGE:?set IMAGE to the image reference to deploy}"
app="${KOYEB_APP:-holograms}"
service="${KOYEB_SERVICE:-api}"

config_vars=(DATABASE_URL S3_ENDPOINT S3_REGION S3_BUCKET S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY
  FIREBASE_PROJECT_ID FIREBASE_SERVICE_ACCOUNT MISTRAL_API_KEY CORS_ORIGINS)

args=(--docker "$IMAGE" --ports 8080:http --routes /:8080 --checks 8080:http:/api/health
  --env PORT=8080)
if [ -n "${KOYEB_REGISTRY_SECRET:-}" ]; then
  args+=(--docker-private-registry-secret "$KOYEB_REGISTRY_SECRET")
fi
if [ -n "${KOYEB_INSTANCE_TYPE:-}" ]; then args+=(--instance-type "$KOYEB_INSTANCE_TYPE"); fi
if [ -n "${KOYEB_REGION:-}" ]; then args+=(--regions "$KOYEB_REGION"); fi

for name in "${config_vars[@]}"; do
  value="${!name:-}"
  [ -n "$value" ] || continue
  secret="${app}-$(tr 'A-Z_' 'a-z-' <<<"$name")"
  if koyeb secrets get "$secret" >/dev/null 2>&1; then
    printf '%s' "$value" | koyeb secrets update "$secret" --value-from-stdin >/dev/null
  else
    printf '%s' "$value" | koyeb secrets create "$secret" --value-from-stdin >/dev/null
  fi
  args+=(--env "$name={{secret.$secret}}")
  echo "koyeb-deploy: $name -> secret $secret"
done

if koyeb services get "$service" --app "$app" >/dev/null 2>&1; then
  echo "koyeb-deploy: updating $app/$service to $IMAGE"
  koyeb services update "$service" --app "$app" "${args[@]}" --wait
else
  koyeb apps get "$app" >/dev/null 2>&1 || koyeb apps create "$app"
  echo "koyeb-deploy: creating $app/$service from $IMAGE"
  koyeb services create "$service" --app "$app" "${args[@]}" --wait
fi
