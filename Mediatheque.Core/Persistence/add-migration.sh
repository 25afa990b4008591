#!/usr/bin/env bash
# Adds one migration per database provider (EF Core docs, « Migrations with multiple providers »):
#   bash Mediatheque.Core/Persistence/add-migration.sh NAME
# SQLite's history stays in Persistence/Migrations, PostgreSQL's in Persistence/PostgreSql/Migrations.
# Provider-specific SQL (triggers, the search index) is written out in each migration, never called from live code.
set -euo pipefail
name=${1:?usage: add-migration.sh NAME}
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
dotnet build Mediatheque.Core >/dev/null
dotnet ef migrations add "$name" --no-build --project Mediatheque.Core \
  --context SqliteMediathequeDbContext --output-dir Persistence/Migrations
dotnet ef migrations add "$name" --no-build --project Mediatheque.Core \
  --context PostgreSqlMediathequeDbContext --output-dir Persistence/PostgreSql/Migrations
