#!/bin/sh
# Stand-in for Prisma's native schema engine, which this network cannot download.
# `prisma generate`, `validate` and `format` only need a path; migrations are applied
# by scripts/migrate.ts instead.
echo "storydesk: the Prisma schema engine is not installed here; use npm run db:migrate" >&2
exit 1
