# The two commands: `make run` and `make check`. Both set up a fresh Debian 12
# machine first (scripts/setup-deps.sh installs what is missing, and nothing
# when all is there), then configure and build with CMake + Ninja.
#
#   make run     build, then start the most useful program there is so far
#   make check   build and test twice: a normal build and one under
#                AddressSanitizer + UndefinedBehaviorSanitizer; also compiles
#                the fuzz targets when clang is present
#   make fuzz    run every libFuzzer target for FUZZ_SECONDS each
#   make bench   print the benchmark figures (Release build)
#   make docs    write the engine schema's Markdown reference to
#                build/docs/reference/

BUILD_DIR       ?= build
ASAN_BUILD_DIR  ?= build-asan
FUZZ_BUILD_DIR  ?= build-fuzz
FUZZ_SECONDS    ?= 30
BENCHES         := qom-bench qmp-bench memory-bench timer-bench block-bench \
                   virtio-blk-bench riscv-cpu-bench
# Scripts that run the engine against Debian's QEMU on the same files.
BENCH_SCRIPTS   := engine-vs-qemu riscv-vs-qemu linux-vs-qemu
CMAKE_GENERATOR := -G Ninja

.PHONY: all deps build build-asan build-fuzz qemu-schema guest run check fuzz bench docs clean

all: build

deps:
	@scripts/setup-deps.sh

# Re-running cmake on a configured tree is cheap and picks up new files.
build: deps
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DQUERN_TESTS=ON -DQUERN_SANITIZE=OFF >/dev/null
	@cmake --build $(BUILD_DIR)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD_DIR) $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Debug \
	    -DQUERN_TESTS=ON -DQUERN_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD_DIR)

build-fuzz: deps
	@if command -v clang >/dev/null 2>&1; then \
	    CC=clang cmake -S . -B $(FUZZ_BUILD_DIR) $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUERN_FUZZ=ON >/dev/null && \
	    cmake --build $(FUZZ_BUILD_DIR); \
	else \
	    echo "make: clang not found; skipping the fuzz targets"; \
	fi

run: build guest
	@scripts/run.sh $(BUILD_DIR)

# Both suites run even when the first fails; CTest's summary lines come last,
# the normal build's on the final line.
check: build build-asan build-fuzz qemu-schema guest
	@scripts/run-tests.sh $(ASAN_BUILD_DIR) $(BUILD_DIR)

# QEMU's own QAPI schema (from Debian's qemu source package, cached), which a
# test runs qapi-gen on; without network the test says it was skipped.
qemu-schema: build
	@scripts/fetch-qemu-schema.sh >/dev/null 2>$(BUILD_DIR)/fetch-qemu-schema.log || \
	    echo "make: could not fetch QEMU's schema (see $(BUILD_DIR)/fetch-qemu-schema.log); its test will be skipped"

# The riscv64 Linux guest images, built from Debian's sources by
# scripts/guest/build-guest.sh and cached in ~/.cache/quern/guests/KEY/ (the
# path it prints): about 5 minutes once per machine, then only the path.
guest: deps
	@scripts/guest/build-guest.sh

fuzz: build-fuzz
	@scripts/run-fuzzers.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

# The options are spelled out: a tree configured by hand with other ones
# (QUERN_TESTS=OFF, say) must not leave a target out.
bench: deps guest
	@cmake -S . -B build-release $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Release \
	    -DQUERN_TESTS=ON -DQUERN_SANITIZE=OFF >/dev/null
	@cmake --build build-release --target $(BENCHES) quern-engine
	@for b in $(BENCHES); do build-release/bench/$$b || exit 1; done
	@for b in $(BENCH_SCRIPTS); do \
	    bench/$$b --engine build-release/engine/system/quern-engine || exit 1; \
	done

# Builds only qapi-gen and what it needs, then runs it on the schema.
docs: deps
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DQUERN_TESTS=ON -DQUERN_SANITIZE=OFF >/dev/null
	@cmake --build $(BUILD_DIR) --target docs

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) $(FUZZ_BUILD_DIR) build-release
