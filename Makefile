.PHONY: demo test setup

# Generate a region, ingest it, identify children, create demo users and serve on :8000.
demo: setup
	uv run paramount demo $(ARGS)

# Lint, then the whole test suite on SQLite and on PostgreSQL (browser tests included).
test:
	bash scripts/test.sh

setup:
	bash scripts/bootstrap.sh
