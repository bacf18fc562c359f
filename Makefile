# Simpul: `make run` to try it, `make test` to test everything. See README.md.
.PHONY: run test build bench bootstrap fmt clean

# Installs what is missing, builds (debug), and starts Simpul on http://127.0.0.1:3000
# with data/simpul.db, loading the demo sessions when the database is new.
run: bootstrap
	scripts/build-site
	cargo build -p simpul-server
	./target/debug/simpul --demo

# Installs what is missing, then runs every test (see scripts/test).
test: bootstrap
	scripts/test

# The release server target/release/simpul and its site under target/site.
build: bootstrap
	scripts/build-site --release
	cargo build --release -p simpul-server

# Loopback load test of the public schedule (see bench/README.md).
bench: build
	bench/schedule-load

bootstrap:
	@scripts/bootstrap

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf target/site
